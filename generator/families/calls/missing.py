"""missing-argument: ``nn.LSTM`` (or a wrapper of it) called with a required argument left out,
given twice or out of place. Each situation is a small class; the family looks it up by name."""

from __future__ import annotations

from ..base import MAX_SIZE
from .family import CallFamily
from .scenes import (CLASS_DEFINED, LATE, PARTIAL_IMPORT, Draft, Situation, bare_program, by_name, err,
                     forward_program, missing, multiple, ok, setup_program, tagger_program, unexpected)

SIGNATURE = ("`nn.LSTM` hands its arguments to `RNNBase.__init__(mode, input_size, hidden_size, num_layers=1, "
             "bias=True, batch_first=False, ...)`: the two sizes are required and have no defaults.")


class Bare(Situation):
    """A bare call with one size, none, or a third number by position."""

    name = "bare"
    level = "easy"
    variants = ("input-only", "hidden-keyword", "settings-only", "input-and-layers", "three-positional")
    stem = "What happens when this code runs?"
    hint = "Which of the two sizes does the call give, and by position or by name?"
    check = ("Compare the call with `inspect.signature(nn.modules.rnn.RNNBase.__init__)`: "
             "every parameter without a default must be filled.")
    mistakes = ("Believing one size defaults to the other, or to 1.",
                "Expecting the layer to be built and the problem to surface later, with data.")

    def hint_for(self, p):
        if p.variant == "three-positional":
            return "Which parameter does each plain value fill, counting from the left?"
        return self.hint

    def draft(self, p):
        i, h, n = p.input_size, p.hidden_size, p.other
        call = {"input-only": f"nn.LSTM({i})", "hidden-keyword": f"nn.LSTM(hidden_size={h})",
                "settings-only": f"nn.LSTM(num_layers={n}, proj_size={i})",
                "input-and-layers": f"nn.LSTM({i}, num_layers={n})",
                "three-positional": f"nn.LSTM({i}, {h}, {n})"}[p.variant]
        stmt = f"lstm = {call}"
        code, statements = bare_program(stmt)
        layers = n if p.variant in ("input-and-layers", "three-positional", "settings-only") else 1
        bf = False
        traps = []
        if p.variant == "three-positional":
            traps += [
                (ok(i, h), "third-positional-ignored",
                 f"Thinks a third number is ignored; it is `num_layers`, so the layer has {n} layers."),
                (err(stmt, "TypeError", "RNNBase.__init__() takes 4 positional arguments but 5 were given"),
                 "settings-keyword-only", "Believes settings can only be passed by keyword; they have positions too."),
                (ok(i, n), "third-positional-is-hidden",
                 f"Reads the last number as the state width; `hidden_size` is the second, {h}."),
                (err(stmt, "TypeError", missing(["hidden_size"])), "third-positional-shifts",
                 "Thinks three numbers confuse the sizes; positions fill left to right."),
            ]
            rule = f"{SIGNATURE} Positions fill left to right: {i} is `input_size`, {h} `hidden_size`, {n} `num_layers`."
        else:
            absent = [s for s, given in (("input_size", p.variant in ("input-only", "input-and-layers")),
                                         ("hidden_size", p.variant == "hidden-keyword")) if not given]
            present = "input_size" if "input_size" not in absent else "hidden_size"
            size = i if present == "input_size" else h
            traps += [
                (err(stmt, "ValueError", f"{absent[-1]} must be greater than zero"), "missing-is-zero",
                 "Treats a missing size as zero; Python rejects the call before torch checks any value."),
                (err(stmt, "TypeError", "RNNBase.__init__() got an unexpected keyword argument 'num_layers'"
                     if "num_layers" in call else f"{absent[-1]} should be of type int, got: NoneType"),
                 "missing-is-none", "Thinks the missing size arrives as something else to be type-checked; "
                                    "Python reports the missing argument itself."),
                (LATE, "checked-at-forward",
                 "Expects the size to be checked only when data first flows; required arguments are "
                 "checked when the constructor is called."),
            ]
            if len(absent) == 1:
                traps += [
                    (ok(size, size, layers, bf), "hidden-copies-input",
                     f"Assumes the missing size copies the given one ({size}); neither size has a default."),
                    (ok(size if present == "input_size" else 1, 1 if present == "input_size" else size, layers, bf),
                     "size-defaults-to-one", "Assumes a missing size defaults to 1; it has no default."),
                    (err(stmt, "TypeError", missing([present])), "names-the-given-size",
                     f"Names `{present}`, the size the call does give, as the missing one."),
                    (err(stmt, "TypeError", missing(["input_size", "hidden_size"])), "both-reported-missing",
                     "Counts both sizes as missing, though one is given."),
                ]
            else:
                traps += [
                    (err(stmt, "TypeError", missing(["input_size"])), "reports-first-only",
                     "Expects only the first missing argument to be reported; Python lists every missing one."),
                    (ok(1, 1, layers, bf), "size-defaults-to-one", "Assumes both sizes default to 1; neither has a default."),
                ]
            rule = (f"{SIGNATURE} `{call}` supplies no {' and no '.join(f'`{a}`' for a in absent)}, so Python "
                    "refuses the call and lists what is missing.")
        return Draft(code, statements, traps, rule)


class KeywordOrder(Situation):
    """Plain values and keywords mixed: after one another, or naming the same size twice."""

    name = "keyword-order"
    level = "easy"
    variants = ("keyword-first", "keyword-last", "size-twice")
    stem = "What does running this code do?"
    hint = "Read the arguments left to right: which parameter does each plain value fill?"
    check = ("Fill the signature by hand: plain values first, left to right, then each keyword "
             "into its named slot; a slot filled twice, or a plain value after a keyword, fails.")
    mistakes = ("Expecting Python to rearrange a mixed argument list.",
                "Missing that a size given by position and again by name collides.")
    dropped = {"keyword-first": ("no-mixing-allowed",), "keyword-last": ("order-is-free",),
               "size-twice": ("keyword-fills-first-slot",)}

    def draft(self, p):
        i, h = p.input_size, p.hidden_size
        call = {"keyword-first": f"nn.LSTM(input_size={i}, {h})", "keyword-last": f"nn.LSTM({i}, hidden_size={h})",
                "size-twice": f"nn.LSTM({i}, {h}, input_size={i})"}[p.variant]
        stmt = f"lstm = {call}"
        code, statements = bare_program(stmt)
        traps = [
            (ok(i, h), "order-is-free", "Believes keywords and plain values may come in any order and "
                                        "that repeating a value is harmless."),
            (err(stmt, "TypeError", multiple("input_size")), "keyword-fills-first-slot",
             f"Thinks the named value takes the first place and {h} then collides with it."),
            (err(stmt, "TypeError", missing(["hidden_size"])), "plain-after-keyword-dropped",
             "Thinks the plain value after a keyword is dropped, leaving `hidden_size` missing."),
            (err(None, "SyntaxError", "keyword argument repeated: input_size (<question>, line 3)"),
             "repeat-caught-by-parser", "Thinks the parser spots a size given twice; it only spots a keyword "
                                        "written twice."),
            (err(None, "SyntaxError", "positional argument follows keyword argument (<question>, line 3)"),
             "no-mixing-allowed", "Believes plain values and keywords cannot be mixed at all; plain values "
                                  "first, keywords after, is allowed."),
            (ok(h, i), "keyword-wins-position", f"Thinks the name moves {i} into place after {h}."),
        ]
        rule = ("Python's call syntax: plain (positional) values come first, keywords after; a plain value "
                "after a keyword does not parse, and one parameter given both by position and by name is "
                f"a `TypeError`. Here the call is `{call}`.")
        return Draft(code, statements, traps, rule)


class SizesTuple(Situation):
    """The sizes kept in a tuple, passed with or without ``*``."""

    name = "sizes-tuple"
    level = "medium"
    variants = ("star", "no-star", "short-tuple", "long-tuple")
    stem = "`sizes` holds the layer's numbers. What happens when this code runs?"
    hint = "How many positional values does the call really pass: one tuple, or its items?"
    check = ("Write the call out by hand: with `*`, each item of the tuple becomes its own "
             "value between the commas; without it, the tuple stays one value.")
    mistakes = ("Forgetting that a tuple is a single value unless unpacked with `*`.",
                "Assuming extra items are dropped instead of filling the next parameters.")
    dropped = {"star": ("tuple-spreads-itself",), "no-star": ("star-is-one-argument",),
               "short-tuple": ("star-is-one-argument",)}

    def draft(self, p):
        i, h, n = p.input_size, p.hidden_size, p.other
        sizes = {"star": f"({i}, {h})", "no-star": f"({i}, {h})", "short-tuple": f"({i},)",
                 "long-tuple": f"({i}, {h}, {n})"}[p.variant]
        call = "nn.LSTM(sizes)" if p.variant == "no-star" else "nn.LSTM(*sizes)"
        stmt = f"lstm = {call}"
        code, statements = setup_program("sizes", f"sizes = {sizes}", stmt)
        traps = [
            (ok(i, h), "tuple-spreads-itself", "Believes a tuple passed as one argument is spread over the "
                                               "parameters; only `*` does that."),
            (err(stmt, "TypeError", "input_size should be of type int, got: tuple"), "tuple-type-checked-first",
             "Expects torch to inspect the tuple first; Python rejects the missing argument before torch runs."),
            (err(stmt, "TypeError", missing(["hidden_size"])), "star-is-one-argument",
             "Thinks `*sizes` still passes one argument; it passes each item separately."),
            (ok(i, h, 1) if p.variant == "long-tuple" else ok(i, i), "extra-items-ignored" if p.variant == "long-tuple"
             else "hidden-copies-input",
             f"Thinks the third item is dropped; it becomes `num_layers` ({n})." if p.variant == "long-tuple"
             else "Assumes the missing size copies the given one."),
            (err(stmt, "TypeError", "RNNBase.__init__() takes 4 positional arguments but 5 were given"),
             "sizes-only-positional", "Believes only the two sizes may be passed by position."),
            (err(stmt, "ValueError", "hidden_size must be greater than zero"), "missing-is-zero",
             "Treats a missing size as zero; Python reports it as missing before any value check."),
        ]
        rule = (f"{SIGNATURE} `*sizes` passes each item of `sizes = {sizes}` as its own positional value; "
                "without `*`, the whole tuple is the single value for `input_size`.")
        return Draft(code, statements, traps, rule)


class Config(Situation):
    """The settings kept in a dict, passed with ``**``, ``*`` or as one value."""

    name = "config"
    level = "medium"
    variants = ("missing-hidden", "complete", "unstarred", "single-star")
    stem = "The layer's settings live in a dict. What does this code do?"
    hint = "What does the call actually hand over: the dict, its keys, or its entries by name?"
    check = ("Write the call out by hand: `**` turns each entry into `key=value`, `*` turns each key "
             "into a plain value.")
    mistakes = ("Confusing `*` (keys as plain values) with `**` (entries as keywords).",
                "Expecting a dict's order, or its name, to matter for `**`.")
    dropped = {"missing-hidden": ("dict-is-one-value", "dict-unpacks-itself", "dict-order-is-position"),
               "complete": ("dict-unpacks-itself", "hidden-copies-input", "size-defaults-to-one", "missing-is-zero"),
               "unstarred": ("dict-is-one-value", "size-defaults-to-one"),
               "single-star": ("unpacking-passes-keys", "size-defaults-to-one")}

    def draft(self, p):
        i, h, n = p.input_size, p.hidden_size, p.other
        if p.variant == "missing-hidden":
            config = f'{{"input_size": {i}, "num_layers": {n}}}'
        else:
            config = f'{{"hidden_size": {h}, "input_size": {i}}}'
        call = {"missing-hidden": "nn.LSTM(**config)", "complete": "nn.LSTM(**config)",
                "unstarred": "nn.LSTM(config)", "single-star": "nn.LSTM(*config)"}[p.variant]
        stmt = f"lstm = {call}"
        code, statements = setup_program("config", f"config = {config}", stmt)
        layers = n if p.variant == "missing-hidden" else 1
        traps = [
            (ok(i, h, layers), "dict-unpacks-itself", "Believes a dict passed as one argument is matched to the "
                                                       "parameters by key; only `**` does that."),
            (ok(h, i, layers), "dict-order-is-position", f"Thinks the keys fill the parameters in the dict's "
                                                          f"order, so {h} becomes `input_size`."),
            (err(stmt, "TypeError", "input_size should be of type int, got: str"), "unpacking-passes-keys",
             "Thinks unpacking hands over the keys; `**` passes each value under its key's name."),
            (err(stmt, "TypeError", missing(["hidden_size"])), "dict-is-one-value",
             "Expects the size to be missing; every size the dict needs is there and `**` passes it."),
            (err(stmt, "TypeError", "input_size should be of type int, got: dict"), "dict-type-checked-first",
             "Expects torch to inspect the dict first; Python reports the missing argument before torch runs."),
            (err(stmt, "TypeError", unexpected("config")), "name-becomes-keyword",
             "Thinks the variable's name is passed as a keyword; a plain argument has no name."),
            (ok(i, i, layers), "hidden-copies-input", "Assumes a size the dict lacks copies the other one."),
            (err(stmt, "ValueError", "hidden_size must be greater than zero"), "missing-is-zero",
             "Treats a key the dict lacks as zero; Python reports it as a missing argument."),
            (ok(i, 1, layers), "size-defaults-to-one", "Assumes a size the dict lacks defaults to 1."),
        ]
        rule = (f"{SIGNATURE} `**config` passes each entry as a keyword (its order does not matter), `*config` "
                "passes the keys as plain values, and `config` alone is one plain value.")
        return Draft(code, statements, traps, rule)


class Partial(Situation):
    """A ``functools.partial`` that fixes ``hidden_size``, called with more or fewer values."""

    name = "partial"
    level = "medium"
    variants = ("fills-input", "called-empty", "repeats-hidden", "overrides")
    stem = "`make` fixes part of the call. What happens when this code runs?"
    hint = "What does `make.keywords` already hold, and which parameter does each new value fill?"
    check = ("Expand the call by hand: `make(...)` means `nn.LSTM(...)` with the call's own "
             "arguments first and the stored `hidden_size` added by name.")
    mistakes = ("Thinking `partial` calls the constructor immediately.",
                "Missing that a plain value can land on a parameter the partial fixed by keyword.")
    dropped = {"fills-input": ("fixed-keyword-wins", "later-value-wins"),
               "called-empty": ("fixed-keyword-wins", "later-value-wins"),
               "repeats-hidden": ("fixed-keyword-frozen",), "overrides": ("later-value-wins",)}

    def draft(self, p):
        i, h, n = p.input_size, p.hidden_size, p.other + MAX_SIZE  # a second width, never i or h
        call = {"fills-input": f"make({i})", "called-empty": "make()", "repeats-hidden": f"make({i}, {n})",
                "overrides": f"make(input_size={i}, hidden_size={n})"}[p.variant]
        head = f"make = partial(nn.LSTM, hidden_size={h})"
        stmt = f"lstm = {call}"
        code, statements = setup_program("make", head, stmt, PARTIAL_IMPORT)
        traps = [
            (err(head, "TypeError", missing(["input_size"])), "partial-calls-at-once",
             "Thinks `partial` builds the layer right away; it only stores the arguments until `make` is called."),
            (ok(i, h), "fixed-keyword-wins", f"Thinks the fixed `hidden_size={h}` silently wins over what the "
                                             "call passes."),
            (err(stmt, "TypeError", multiple("hidden_size")), "fixed-keyword-frozen",
             "Believes a partial's keywords cannot be given again; a keyword in the call replaces them."),
            (ok(i, n), "later-value-wins", f"Thinks the second value {n} replaces the fixed one; by position it "
                                           "collides with the fixed keyword."),
            (ok(h, h), "partial-fills-input", f"Thinks the partial's {h} also serves as `input_size`."),
            (err(stmt, "TypeError", missing(["input_size", "hidden_size"])), "partial-forgotten",
             "Forgets that the partial already supplies `hidden_size`."),
        ]
        rule = (f"{SIGNATURE} `{head}` stores `hidden_size={h}`; `{call}` adds its own arguments: plain values "
                "fill the free places from the left (the first is `input_size`), a keyword given in the call "
                "replaces the stored one, and a plain value that lands on `hidden_size` collides with it.")
        return Draft(code, statements, traps, rule)


class Class(Situation):
    """A model class whose ``__init__`` builds the layer: the inner call or the outer one short."""

    name = "class"
    level = "hard"
    variants = ("inner-missing", "caller-missing", "complete")
    stem = "`Tagger` wraps an LSTM. What happens when the last two lines run?"
    hint = "When does the body of `__init__` run, and which of the two calls is short of an argument?"
    check = ("Trace it line by line: the class statement only defines; `Tagger(...)` binds its own "
             "arguments first, then runs the body, which calls `nn.LSTM`.")
    mistakes = ("Believing a class body's code runs when the class is defined.",
                "Blaming the inner layer when the outer call is short, or the reverse.")
    dropped = {"inner-missing": ("layer-blamed",), "caller-missing": ("caller-blamed",),
               "complete": ("hidden-copies-input",)}

    def draft(self, p):
        i, h = p.input_size, p.hidden_size
        inner = "nn.LSTM(n_features)" if p.variant == "inner-missing" else "nn.LSTM(n_features, n_hidden)"
        args = f"{i}" if p.variant == "caller-missing" else f"{i}, {h}"
        code, statements = tagger_program(inner, args)
        model_stmt = statements[0][1]
        traps = [
            (err(CLASS_DEFINED, "TypeError", missing(["hidden_size"])), "body-runs-at-definition",
             "Thinks the body of `__init__` runs when the class is defined; it runs when `Tagger(...)` is called."),
            (err("lstm = model.lstm", "AttributeError", "'Tagger' object has no attribute 'lstm'"),
             "fails-at-first-use", "Expects the model to be built without its layer and to fail when the "
                                   "layer is used; the constructor call itself fails."),
            (err(model_stmt, "TypeError", missing(["n_hidden"], "Tagger.__init__()")), "caller-blamed",
             "Blames `Tagger`'s own signature; the call to `Tagger` passes both of its arguments."),
            (err(model_stmt, "TypeError", missing(["hidden_size"])), "layer-blamed",
             "Blames the layer; `Tagger` itself is called with too few arguments, before any layer exists."),
            (ok(i, i), "hidden-copies-input", "Assumes the missing width copies the given one."),
            (ok(h, i), "positions-by-name", f"Thinks positions follow the parameter names' order differently; "
                                            f"`n_features` ({i}) is first."),
        ]
        rule = (f"`Tagger({args})` runs `__init__`, which builds `{inner}`; {SIGNATURE} `Tagger.__init__` "
                "itself needs `n_features` and `n_hidden`, and whichever call lacks a required argument fails first.")
        return Draft(code, statements, traps, rule)


class Forward(Situation):
    """A complete layer whose forward call lacks its input."""

    name = "forward"
    level = "hard"
    variants = ("no-input", "state-only", "runs")
    stem = "What happens when this code runs?"
    hint = "Which arguments does `LSTM.forward` require, and which have defaults?"
    check = "Look at `inspect.signature(lstm.forward)`: `input` has no default, `hx` defaults to None."
    mistakes = ("Mixing up what the constructor needs (sizes) with what the forward call needs (data).",
                "Believing the initial state must always be passed.")
    dropped = {"runs": ("input-has-default", "zero-d-input", "input-becomes-none", "counts-positions")}

    def draft(self, p):
        i, h, t = p.input_size, p.hidden_size, p.other
        call = f"nn.LSTM({i}, {h})"
        step = {"no-input": "out, (h_n, c_n) = lstm()", "state-only": "out, (h_n, c_n) = lstm(hx=None)",
                "runs": "out, (h_n, c_n) = lstm(x)"}[p.variant]
        code, statements = forward_program(call, step, i, t)
        traps = [
            (ok(i, h), "input-has-default", "Believes the forward call makes up an input when none is given."),
            (err(step, "TypeError", "LSTM.forward() missing 2 required positional arguments: 'input' and 'hx'"),
             "state-and-input-required", "Thinks the state `hx` is required too; it defaults to zeros."),
            (err(step, "TypeError", "LSTM.forward() missing 1 required positional argument: 'hx'"),
             "state-required", "Thinks the state `hx` is required; it defaults to zeros."),
            (err(step, "RuntimeError", f"input.size(-1) must be equal to input_size. Expected {i}, got 0"),
             "empty-input", "Expects an empty input to reach the size check; Python stops the call first."),
            (err(f"lstm = {call}", "TypeError", missing(["input"], "LSTM.__init__()")), "input-at-construction",
             "Thinks the data is a constructor argument; it is passed to the forward call."),
            (err(step, "ValueError", "LSTM: Expected input to be 2D or 3D, got 0D instead"), "zero-d-input",
             "Thinks a missing input counts as a 0-D tensor; a missing argument never reaches torch."),
        ]
        traps += [
            (err(step, "AttributeError", "'NoneType' object has no attribute 'dim'"), "input-becomes-none",
             "Thinks a missing input arrives as None and fails inside torch; Python stops the call first."),
            (err(step, "TypeError", "LSTM.forward() takes from 2 to 3 positional arguments but 1 was given"),
             "counts-positions", "Expects a complaint about the number of positions; Python names the "
                                 "missing argument instead."),
        ]
        if p.variant == "runs":
            traps.append((ok(i, h, 1, True), "layout-guessed",
                          "Thinks the layer reads `x` batch first; without `batch_first=True` it reads "
                          "(time, batch, features)."))
        rule = ("`lstm(input, hx=None)`: the forward call needs the input tensor; the state is optional and "
                f"defaults to zeros. The layer itself, `{call}`, has both sizes.")
        return Draft(code, statements, traps, rule)


MISSING_SITUATIONS = by_name(Bare(), KeywordOrder(), SizesTuple(), Config(), Partial(), Class(), Forward())


class MissingArgument(CallFamily):
    name = "missing-argument"
    difficulties = ("easy", "medium", "hard")
    situations = MISSING_SITUATIONS
    lines = {
        "plain": (
            ("nn.LSTM({i})", None, "`hidden_size` is required and the call leaves it out."),
            ("nn.LSTM(hidden_size={h})", None, "`input_size` is required and the call leaves it out."),
            ("nn.LSTM(input_size={i}, {h})", None, "A plain value after a keyword does not parse."),
            ("nn.LSTM(num_layers={n}, batch_first=True)", None, "Both sizes are required and neither is given."),
            ("nn.LSTM({i}, {h}, input_size={i})", None, "`input_size` gets two values, by position and by name."),
            ("nn.LSTM({i}, {h}, {n})", "settings-keyword-only",
             "Thinks settings must be passed by keyword; the third place is `num_layers`, so this builds."),
            ("nn.LSTM({i}, hidden_size={h})", "no-mixing-allowed",
             "Thinks plain values and keywords cannot be mixed; plain first, keywords after, is allowed."),
            ("nn.LSTM(hidden_size={h}, input_size={i})", "keyword-order-matters",
             "Thinks keywords must follow the signature's order; names decide, not order."),
        ),
        "setup": (
            ("nn.LSTM(**config, num_layers={n})", None, "`config` already holds `num_layers`, so the keyword "
                                                        "gives it a second value."),
            ("make(num_layers={n})", None, "The partial stores only `hidden_size`; `input_size` is still missing."),
            ("make({i}, {h})", None, "The second plain value lands on `hidden_size`, which the partial fixes."),
            ("nn.LSTM(sizes, num_layers={n})", None, "Without `*` the tuple is one value, so `hidden_size` is missing."),
            ("nn.LSTM(**config, hidden_size={h})", "dict-and-keyword-clash",
             "Thinks `**config` and a keyword cannot be combined; different names do not clash."),
            ("make({i})", "partial-incomplete", "Thinks `make` still needs both sizes; the partial supplies one."),
            ("make(input_size={i}, hidden_size={h})", "partial-frozen",
             "Thinks a partial's keyword cannot be given again; a keyword in the call replaces it."),
            ("nn.LSTM(*sizes)", "star-unpacking-suspect",
             "Thinks `*sizes` passes the tuple whole; it passes each item as its own value."),
        ),
    }
    multiple_rule = SIGNATURE + (" Every line must fill both sizes once each: by position, by name, from "
                                 "`**config`, from `*sizes`, or from what the partial `make` stores.")
    multiple_mistakes = ("Expecting mixed positional and keyword arguments, or keywords in any order, to fail.",
                         "Forgetting what a partial or an unpacked dict already supplies.")

    setup_lines = ('config = {{"input_size": {i}, "num_layers": {n}}}\n'
                   "make = partial(nn.LSTM, hidden_size={h})\nsizes = ({i}, {h})\n")
    summary = ("What happens when `nn.LSTM` may lack an argument: bare calls, keyword order, a tuple or a "
               "config dict unpacked (or not), a `functools.partial`, a layer built inside a model class, "
               "a forward call without input. Some run, most raise `TypeError`, some fail to parse.")
