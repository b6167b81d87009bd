"""Everything lstmq writes from question records: files, markup, the site, exams and exports. Never imports the engine, the families, torch or click."""
