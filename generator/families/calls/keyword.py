"""wrong-keyword: ``nn.LSTM`` called with a keyword that is not torch's (a look-alike, a name
from another library), a keyword given twice, or a right keyword with a bad value, written out or
hidden in a config dict, a partial or a model class. Each situation is a small class; the family
looks it up by name."""

from __future__ import annotations

from .family import CallFamily
from .scenes import (CLASS_DEFINED, PARTIAL_IMPORT, CallAsk, Draft, Situation, bare_program, by_name, err,
                     forward_program, missing, multiple, ok, setup_program, tagger_program, unexpected)

# (keyword as written, the real keyword, the value written, what the writer meant)
SETTING_TYPOS = {
    "num_layer": ("num_layer", "num_layers", "{n}", "a singular of `num_layers`"),
    "layers": ("layers", "num_layers", "{n}", "`layers` for `num_layers`"),
    "batchfirst": ("batchfirst", "batch_first", "True", "`batch_first` without its underscore"),
    "bidirection": ("bidirection", "bidirectional", "True", "`bidirectional` cut short"),
    "correct": ("num_layers", "num_layers", "{n}", "torch's own `num_layers`"),
}
FOREIGN = {
    "batch_size": ("batch_size", "3", "a batch size fixed at construction"),
    "seq_len": ("seq_len", "{t}", "a sequence length fixed at construction"),
    "nonlinearity": ("nonlinearity", "'tanh'", "`nn.RNN`'s activation argument"),
    "return_sequences": ("return_sequences", "True", "Keras' `return_sequences`"),
}
# (a real keyword, a value of the wrong type or out of range)
BAD_VALUES = {"batch_first-str": ("batch_first", "'yes'"), "bias-int": ("bias", "1"),
              "dropout-range": ("dropout", "1.5"), "num_layers-zero": ("num_layers", "0")}
KEYWORDS = ("`nn.LSTM` accepts exactly these keywords: `input_size`, `hidden_size`, `num_layers`, `bias`, "
            "`batch_first`, `dropout`, `bidirectional`, `proj_size`, `device`, `dtype`; any other name is a "
            "`TypeError` when the constructor is called.")


def _setting_facts(p: CallAsk, real: str) -> tuple:
    n = p.other
    return ok(p.input_size, p.hidden_size, n if real == "num_layers" else 1,
              real == "batch_first", real == "bidirectional")


def look_alike_traps(p: CallAsk, stmt: str, written: str, real: str, later: str | None = None) -> list:
    """The traps of a call that writes ``written`` where torch's keyword is ``real``; ``later``, a
    statement after the call, for the belief that the keyword is checked only there."""
    traps = [
        (_setting_facts(p, real), "look-alike-accepted",
         f"Assumes torch reads `{written}` as `{real}`; Python matches keyword names exactly."),
        (ok(p.input_size, p.hidden_size), "unknown-keyword-ignored",
         f"Thinks an unknown keyword such as `{written}` is silently dropped; Python rejects it."),
        (err(stmt, "ValueError", f"unknown keyword argument '{written}'"), "unknown-keyword-valueerror",
         "Expects a `ValueError`; Python reports an unexpected keyword as a `TypeError`."),
        (err(stmt, "TypeError", unexpected(real)), "blames-the-real-name",
         f"Names `{real}` as the unexpected keyword; the call never passes `{real}`."),
        (err(stmt, "AttributeError", f"'LSTM' object has no attribute '{written}'"), "keyword-becomes-attribute",
         "Thinks the keyword is stored and fails when read back; the call itself is refused."),
        (err(stmt, "TypeError", multiple(real)), "look-alike-collides",
         f"Thinks `{written}` fills `{real}` and then clashes with it; Python never maps one name to another."),
        (err(stmt, "TypeError", f"{real} should be of type int, got: str"), "look-alike-type-checked",
         f"Expects torch to check the value meant for `{real}`; the unknown name stops the call before "
         "any value is checked."),
    ]
    if later:
        traps.append((err(later, "TypeError", unexpected(written)), "checked-at-forward",
                      "Expects the bad keyword to surface only when data flows; keywords are checked "
                      "when the constructor is called."))
    return traps


def real_name_traps(p: CallAsk, stmt: str, real: str, misspelt: str) -> list:
    """The traps of a call that writes torch's own keyword ``real`` (``misspelt`` a look-alike)."""
    return [
        (err(stmt, "TypeError", unexpected(real)), "real-name-doubted",
         f"Doubts that `{real}` is torch's own name; it is in the signature."),
        (ok(p.input_size, p.hidden_size), "setting-ignored",
         f"Thinks the setting is ignored at construction; the layer records `{real}`."),
        (err(stmt, "TypeError", unexpected(misspelt)), "other-spelling-expected",
         f"Expects torch to want `{misspelt}`; that spelling is the one it rejects."),
        (err(stmt, "ValueError", f"{real} must be set after construction"), "setting-after-construction",
         "Believes settings are assigned after building; they are constructor arguments."),
    ]


def spelling_traps(p: CallAsk, stmt: str, written: str, real: str, misspelt: str, later: str | None = None) -> list:
    """The traps of a keyword that is either torch's own (``written == real``) or a look-alike of it."""
    if written == real:
        return real_name_traps(p, stmt, real, misspelt)
    return look_alike_traps(p, stmt, written, real, later)


class SizeNames(Situation):
    """The two sizes passed under names that are not torch's (or under its own)."""

    name = "size-names"
    level = "easy"
    variants = ("hidden-sizes", "short", "dim", "units", "correct")
    stem = "What happens when this line runs?"
    hints = {"hidden-sizes": "Is `hidden_sizes` exactly a name from torch's signature?",
             "short": "Compare `input` and `hidden` with the names in torch's signature: which "
                      "one does Python meet first?",
             "dim": "Where do names like `input_dim` come from, and does `nn.LSTM` define them?",
             "units": "Which library calls the state width `units`, and what does torch call it?",
             "correct": "Compare each keyword, letter by letter, with the names in torch's signature."}
    check = ("Python binds keywords before torch's code runs: "
             "`inspect.signature(nn.modules.rnn.RNNBase.__init__).bind(...)` fails the same way.")
    mistakes = ("Trusting a name that merely resembles torch's (`hidden_sizes`, `input_dim`).",
                "Expecting the missing sizes, not the unknown name, to be reported.")
    dropped = {"correct": ("setting-ignored",), "hidden-sizes": ("unknown-keyword-ignored",),
               "short": ("unknown-keyword-ignored",), "dim": ("unknown-keyword-ignored",),
               "units": ("unknown-keyword-ignored",)}

    def hint_for(self, p):
        return self.hints[p.variant]

    def draft(self, p):
        i, h = p.input_size, p.hidden_size
        call = {"hidden-sizes": f"nn.LSTM(input_size={i}, hidden_sizes={h})",
                "short": f"nn.LSTM(input={i}, hidden={h})", "dim": f"nn.LSTM(input_dim={i}, hidden_dim={h})",
                "units": f"nn.LSTM({i}, units={h})", "correct": f"nn.LSTM(input_size={i}, hidden_size={h})"}[p.variant]
        stmt = f"lstm = {call}"
        code, statements = bare_program(stmt)
        first = {"hidden-sizes": "hidden_sizes", "short": "input", "dim": "input_dim", "units": "units"}
        if p.variant == "correct":
            traps = real_name_traps(p, stmt, "input_size", "input")
            traps.append((ok(h, i), "keywords-by-order", f"Thinks keywords fill places in the order "
                                                         f"written; names decide, so {i} is `input_size`."))
        else:
            written = first[p.variant]
            traps = look_alike_traps(p, stmt, written, "hidden_size" if written in ("hidden_sizes", "units")
                                     else "input_size")
            traps += [
                (err(stmt, "TypeError", missing(["hidden_size"] if p.variant in ("hidden-sizes", "units")
                                                else ["input_size", "hidden_size"])), "missing-reported-first",
                 "Expects Python to report the missing sizes; an unexpected keyword is reported before them."),
            ]
            if p.variant in ("short", "dim"):
                second = {"short": "hidden", "dim": "hidden_dim"}[p.variant]
                traps.append((err(stmt, "TypeError", unexpected(second)), "last-keyword-reported",
                              f"Names `{second}`; Python reports the first unknown keyword, `{written}`."))
        rule = f"{KEYWORDS} Here the call is `{call}`."
        return Draft(code, statements, traps, rule)


class SettingNames(Situation):
    """A setting passed under a look-alike of its name; the failure shows before the data."""

    name = "setting-names"
    level = "medium"
    variants = ("num_layer", "layers", "batchfirst", "bidirection", "correct")
    stem = "Which statement fails, if any, when this code runs?"
    check = ("Python binds keywords before torch's code runs: a name not in the signature stops the "
             "constructor call, whatever comes after it.")
    mistakes = ("Trusting a setting name that is one letter or one underscore away from torch's.",
                "Expecting a bad keyword to surface only when the layer first runs.")

    def hint_for(self, p):
        written = SETTING_TYPOS[p.variant][0]
        return f"Is `{written}` spelled exactly as in torch's signature, and when are keywords checked?"

    def draft(self, p):
        i, h, n = p.input_size, p.hidden_size, p.other
        written, real, value, _ = SETTING_TYPOS[p.variant]
        value = value.format(n=n)
        call = f"nn.LSTM({i}, {h}, {written}={value})"
        step = "out, _ = lstm(x)"
        code, statements = forward_program(call, step, i, 5)
        stmt = statements[0][1]
        traps = spelling_traps(p, stmt, written, real, "num_layer", later=step)
        rule = f"{KEYWORDS} Here the setting is written `{written}=`."
        return Draft(code, statements, traps, rule)


class Foreign(Situation):
    """A keyword from another library or from the data (a batch size, a length)."""

    name = "foreign"
    level = "easy"
    variants = ("batch_size", "seq_len", "nonlinearity", "return_sequences")
    stem = "This call brings a setting from elsewhere. What does it do?"
    hint = "Where does this setting come from: `nn.LSTM`'s signature, the data, or another library?"
    check = "`nn.LSTM` reads lengths and batch sizes off the input tensor; its signature has neither."
    mistakes = ("Carrying settings over from Keras or `nn.RNN`.",
                "Fixing the batch size or the length in the constructor.")
    dropped = dict.fromkeys(variants, ("look-alike-accepted", "blames-the-real-name", "look-alike-collides",
                                       "look-alike-type-checked"))

    def draft(self, p):
        i, h, t = p.input_size, p.hidden_size, p.other
        written, value, _ = FOREIGN[p.variant]
        call = f"nn.LSTM({i}, {h}, {written}={value.format(t=t)})"
        stmt = f"lstm = {call}"
        code, statements = bare_program(stmt)
        traps = look_alike_traps(p, stmt, written, "batch_first" if written == "return_sequences" else "num_layers")
        traps += [
            (err(stmt, "TypeError", "RNNBase.__init__() takes from 4 to 12 positional arguments but 5 were given"),
             "keyword-counted-as-position", f"Thinks the extra `{written}` counts as one more positional "
                                            "argument; Python reports it by name."),
            (err(stmt, "TypeError", f"LSTM.forward() got an unexpected keyword argument '{written}'"),
             "keyword-passed-to-forward", f"Thinks the constructor hands `{written}` on to the forward call; "
                                          "the constructor itself rejects it, and nothing is called forward."),
        ]
        rule = f"{KEYWORDS} `{written}` is not one of them."
        return Draft(code, statements, traps, rule)


class Duplicate(Situation):
    """One parameter given two values: by position and by name, or one keyword twice."""

    name = "duplicate"
    level = "medium"
    variants = ("size-again", "keyword-twice")
    stem = "The same argument appears twice. What happens?"
    hint = "Is the repeat visible from the text alone, or only once the positions are matched?"
    check = ("Try `compile(source, 'f', 'exec')` without running it: only a keyword written twice "
             "fails there.")
    mistakes = ("Expecting the last value to win.",
                "Mixing up what the parser rejects with what the call rejects.")
    dropped = {"size-again": ("last-keyword-wins", "repeat-caught-at-call"),
               "keyword-twice": ("repeat-caught-by-parser", "keyword-unknown")}

    def draft(self, p):
        i, h, n = p.input_size, p.hidden_size, p.other
        call = {"size-again": f"nn.LSTM({i}, {h}, hidden_size={h})",
                "keyword-twice": f"nn.LSTM({i}, {h}, num_layers={n}, num_layers={n + 1})"}[p.variant]
        stmt = f"lstm = {call}"
        code, statements = bare_program(stmt)
        traps = [
            (ok(i, h), "repeat-harmless", "Believes repeating a value is harmless when it is the same."),
            (ok(i, h, n + 1), "last-keyword-wins", "Thinks the last value given wins; Python never lets a "
                                                   "parameter receive two values."),
            (err(stmt, "TypeError", multiple("hidden_size" if p.variant == "size-again" else "num_layers")),
             "repeat-caught-at-call", "Thinks a repeat is caught when the call runs; a keyword written twice "
                                      "does not even parse."),
            (err(None, "SyntaxError", "keyword argument repeated: hidden_size (<question>, line 3)"),
             "repeat-caught-by-parser", "Thinks the parser catches a size given by position and again by name; "
                                        "it only sees keywords written twice."),
            (err(stmt, "TypeError", unexpected("hidden_size")), "keyword-unknown",
             "Thinks `hidden_size` is rejected as unknown; it is a real keyword, given a second time."),
            (err(stmt, "ValueError", "hidden_size must be greater than zero"), "repeat-zeroes",
             "Expects a value check to fail; the clash is found before any value is checked."),
        ]
        if p.variant == "keyword-twice":
            traps.append((err(None, "SyntaxError", "positional argument follows keyword argument (<question>, line 3)"),
                          "wrong-syntax-error", "Names a different syntax rule; the call breaks the rule against "
                                                "repeated keywords."))
        rule = ("A parameter can receive one value. The parser rejects a keyword written twice (`SyntaxError`, "
                "before anything runs); a value given by position and again by keyword is only found when the "
                f"call runs (`TypeError`). Here: `{call}`.")
        return Draft(code, statements, traps, rule)


class BadValue(Situation):
    """A real keyword with a value of the wrong type or out of range."""

    name = "bad-value"
    level = "medium"
    variants = ("batch_first-str", "bias-int", "dropout-range", "num_layers-zero")
    stem = "The keyword is right. What about the value?"
    check = ("Separate the two checks: Python checks the names, then torch checks each value's "
             "type (`TypeError`) and range (`ValueError`).")
    mistakes = ("Treating a bad value as a bad keyword.",
                "Expecting `1` or `'yes'` to pass as `True`.")
    dropped = {"bias-int": ("blames-bias",), "dropout-range": ("every-bad-value-is-dropout",),
               "num_layers-zero": ("every-bad-value-is-layers",)}

    def hint_for(self, p):
        kw = BAD_VALUES[p.variant][0]
        return f"Is `{kw}` a real keyword, and what type and range does torch expect for it?"

    def draft(self, p):
        i, h = p.input_size, p.hidden_size
        kw, value = BAD_VALUES[p.variant]
        call = f"nn.LSTM({i}, {h}, {kw}={value})"
        stmt = f"lstm = {call}"
        code, statements = bare_program(stmt)
        kind = "type" if p.variant in ("batch_first-str", "bias-int") else "range"
        traps = [
            (err(stmt, "TypeError", unexpected(kw)), "right-name-rejected",
             f"Thinks `{kw}` is an unknown keyword; it is torch's own, with a bad value."),
            (ok(i, h, 1, kw == "batch_first"), "truthy-accepted",
             f"Assumes torch takes any value for `{kw}`; it checks the value's type and range."),
            (err(stmt, "ValueError" if kind == "type" else "TypeError",
                 f"{kw} should be of type bool, got: {'str' if value.startswith(chr(39)) else 'int'}"
                 if kind == "type" else f"{kw} should be of type int, got: float"),
             "type-and-range-swapped", "Swaps the two checks: a wrong type is a `TypeError`, a value out of "
                                       "range a `ValueError`."),
            (err(stmt, "ValueError", "dropout should be a number in range [0, 1] representing the probability of "
                                     "an element being zeroed"), "every-bad-value-is-dropout",
             "Quotes the dropout check for a different setting."),
            (err(stmt, "ValueError", "num_layers must be greater than zero"), "every-bad-value-is-layers",
             "Quotes the layer-count check for a different setting."),
            (err(stmt, "TypeError", f"bias should be of type bool, got: {'str' if value.startswith(chr(39)) else 'int'}"),
             "blames-bias", "Quotes the `bias` check for a different setting."),
        ]
        rule = (f"`{kw}` is a real keyword, so the call binds; torch then checks each setting's value: flags "
                "must be `bool` (`TypeError` otherwise), `dropout` must lie in [0, 1] and `num_layers` be at least "
                f"1 (`ValueError` otherwise). Here `{kw}={value}`.")
        return Draft(code, statements, traps, rule)


class Config(Situation):
    """A look-alike key (or the real one) in a dict unpacked with ``**``."""

    name = "config"
    level = "hard"
    variants = ("typo-key", "correct")
    stem = "The settings come from a dict. What does this code do?"
    hint = "Write `**config` out as keywords: is every one of them in torch's signature?"
    check = ("`nn.LSTM(**config)` is the same call as writing every entry of `config` as `key=value` "
             "inside the parentheses.")
    mistakes = ("Thinking keys in a dict escape the keyword check.",
                "Expecting an unknown key to be ignored.")

    def draft(self, p):
        i, h = p.input_size, p.hidden_size
        key = "batchfirst" if p.variant == "typo-key" else "batch_first"
        line = f'config = {{"input_size": {i}, "hidden_size": {h}, "{key}": True}}'
        stmt = "lstm = nn.LSTM(**config)"
        code, statements = setup_program("config", line, stmt)
        traps = spelling_traps(p, stmt, key, "batch_first", "batchfirst")
        if p.variant == "typo-key":
            traps.append((err(line, "KeyError", "'batchfirst'"), "dict-checks-keys",
                          "Thinks the dict checks its own keys; any string is a valid key."))
        else:
            traps.append((err(stmt, "TypeError", "input_size should be of type int, got: str"),
                          "unpacking-passes-keys", "Thinks `**` passes the keys as values; it passes `key=value`."))
        rule = f"`**config` turns every entry into a keyword argument, so its keys are checked like written keywords. {KEYWORDS}"
        return Draft(code, statements, traps, rule)


class Partial(Situation):
    """A look-alike keyword (or the real one) stored by ``functools.partial``."""

    name = "partial"
    level = "hard"
    variants = ("typo-fixed", "correct")
    stem = "`make` stores a keyword for later. Which line fails, if any?"
    hint = "When does `partial` hand its stored keyword to `nn.LSTM`: when created, or when called?"
    check = ("`make(...)` is `nn.LSTM(...)` with the stored keyword added at the moment it runs, "
             "not before.")
    mistakes = ("Expecting `partial` to validate keywords when it is created.",
                "Trusting a look-alike keyword because it is stored out of sight.")

    def draft(self, p):
        i, h = p.input_size, p.hidden_size
        key = "batchfirst" if p.variant == "typo-fixed" else "batch_first"
        head = f"make = partial(nn.LSTM, {key}=True)"
        stmt = f"lstm = make({i}, {h})"
        code, statements = setup_program("make", head, stmt, PARTIAL_IMPORT)
        traps = spelling_traps(p, stmt, key, "batch_first", "batchfirst")
        if p.variant == "typo-fixed":
            traps.append((err(head, "TypeError", unexpected(key)), "partial-checks-at-once",
                          "Thinks `partial` checks the keywords when it is created; it only stores them."))
        else:
            traps.append((err(stmt, "TypeError", multiple("batch_first")), "partial-collides",
                          "Thinks the stored keyword collides with the call; it fills a place the call leaves free."))
        rule = f"`partial` stores `{key}=True` and passes it on only when `make(...)` runs. {KEYWORDS}"
        return Draft(code, statements, traps, rule)


class Class(Situation):
    """A look-alike keyword (or the real one) inside a model's ``__init__``."""

    name = "class"
    level = "hard"
    variants = ("typo-inner", "correct")
    stem = "`Tagger` builds its LSTM in `__init__`. What happens when the last two lines run?"
    hint = "When does the code inside `__init__` run, and is every keyword in it torch's own?"
    check = ("Trace it: defining the class runs nothing; `Tagger(...)` runs the body, so any error in "
             "the body surfaces at that line.")
    mistakes = ("Believing a class body's code runs when the class is defined.",
                "Trusting a look-alike keyword buried in a model's `__init__`.")

    def draft(self, p):
        i, h, n = p.input_size, p.hidden_size, p.other
        written = "num_layer" if p.variant == "typo-inner" else "num_layers"
        inner = f"nn.LSTM(n_features, n_hidden, {written}={n})"
        code, statements = tagger_program(inner, f"{i}, {h}")
        model_stmt = statements[0][1]
        traps = spelling_traps(p, model_stmt, written, "num_layers", "num_layer")
        traps.append((err(CLASS_DEFINED, "TypeError", unexpected(written)), "body-runs-at-definition",
                      "Thinks `__init__`'s body runs when the class is defined; it runs at `Tagger(...)`."))
        traps.append((err("lstm = model.lstm", "AttributeError", "'Tagger' object has no attribute 'lstm'"),
                      "fails-at-first-use", "Expects the model to exist without its layer; the constructor fails "
                                            "or succeeds as a whole."))
        rule = f"`Tagger({i}, {h})` runs `__init__`, which calls `{inner}`. {KEYWORDS}"
        return Draft(code, statements, traps, rule)


KEYWORD_SITUATIONS = by_name(SizeNames(), SettingNames(), Foreign(), Duplicate(), BadValue(), Config(), Partial(),
                             Class())


class WrongKeyword(CallFamily):
    name = "wrong-keyword"
    difficulties = ("easy", "medium", "hard")
    situations = KEYWORD_SITUATIONS
    lines = {
        "plain": (
            ("nn.LSTM({i}, {h}, num_layer={n})", None, "`num_layer` is not torch's name; it is `num_layers`."),
            ("nn.LSTM({i}, {h}, batchfirst=True)", None, "`batchfirst` lacks the underscore of `batch_first`."),
            ("nn.LSTM({i}, {h}, bidirection=True)", None, "`bidirection` is not torch's `bidirectional`."),
            ("nn.LSTM(input_size={i}, hidden_sizes={h})", None, "`hidden_sizes` is not torch's `hidden_size`."),
            ("nn.LSTM({i}, {h}, batch_first='yes')", None, "`batch_first` is a real name, but it must be a bool."),
            ("nn.LSTM({i}, {h}, hidden_size={h})", None, "`hidden_size` gets two values, by position and by name."),
            ("nn.LSTM({i}, {h}, num_layers={n})", "num-layers-doubted",
             "Doubts `num_layers`; it is torch's own name, so this builds."),
            ("nn.LSTM({i}, {h}, batch_first=True)", "batch-first-doubted",
             "Doubts `batch_first`; it is torch's own name, so this builds."),
            ("nn.LSTM({i}, {h}, bidirectional=True)", "bidirectional-doubted",
             "Doubts `bidirectional`; it is torch's own name, so this builds."),
            ("nn.LSTM({i}, {h}, dropout=0.5)", "one-layer-dropout-fails",
             "Thinks dropout on a single layer is an error; torch only warns and builds the layer."),
        ),
        "setup": (
            ("make({i}, {h})", None, "The partial hands on the stored `batchfirst`, which torch rejects."),
            ("nn.LSTM(**config)", None, "`**config` passes the key `bidirection` as a keyword torch lacks."),
            ("partial(nn.LSTM, bidirection=True)", "partial-checks-at-once",
             "Thinks `partial` checks its keywords when created; it only stores them, so this line runs."),
            ("nn.LSTM(**fixed)", "dict-keywords-suspect",
             "Thinks keywords from a dict are treated differently; `fixed` has only torch's own names."),
        ),
    }
    multiple_rule = KEYWORDS + (" A dict unpacked with `**` and a partial's stored keywords are checked the same "
                                "way, when the call happens; values of real keywords are checked by torch.")
    multiple_mistakes = ("Doubting torch's own names while trusting look-alikes.",
                         "Expecting a partial to check its keywords when it is created.")

    setup_lines = ('config = {{"input_size": {i}, "hidden_size": {h}, "bidirection": True}}\n'
                   'fixed = {{"input_size": {i}, "hidden_size": {h}, "num_layers": {n}}}\n'
                   "make = partial(nn.LSTM, batchfirst=True)\n")
    summary = ("What torch does with keywords: look-alikes of its own (`hidden_sizes`, `num_layer`, "
               "`batchfirst`, `bidirection`), names from other libraries, a size given twice, right names "
               "with wrong values, inside a config dict, a `functools.partial` or a model class. Some run, "
               "some raise `TypeError`, some `ValueError` or `SyntaxError`.")

