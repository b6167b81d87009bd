"""After the exam: item statistics (``stats``), the class report (``report``) and one
feedback page per student (``feedback``). Nothing here imports torch, the families or Click."""
