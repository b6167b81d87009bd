/* lstmq: answer checking on question pages, saved progress, fresh quizzes, and printing that
 * keeps closed blocks closed.
 *
 * Plain JavaScript, no server, no network. Each question is a .lstmq-question block whose
 * data-answer holds the right letter; its options are native radio buttons in a fieldset, and
 * every option carries its verdict in a hidden .lstmq-why span. Picking an option with the
 * pointer, pressing Enter on one, or the "Check" button answers: the pick is marked right or
 * wrong in words, the verdict goes into the question's live region (in the page from load) and
 * the score is updated. The fieldset's data-kind says the kind: "multiple" has checkboxes and
 * data-answer holds every right letter ("AC"), answered by Check or Enter; "numeric" has one
 * text box, data-answer holds the value and data-tolerance how far off still counts, and hidden
 * .lstmq-trap spans the values known mistakes give (data-value) and why. Answers are kept in localStorage per page (and per fresh quiz), so a
 * reload keeps them. Without JavaScript the page stays readable and the <details> blocks still
 * open. */
(function () {
  "use strict";

  var STORE_PREFIX = "lstmq:v1:";

  // --- storage: answers of one page (or one fresh quiz), by question id -----------------------

  function storageKey() {
    var quiz = quizSeed();
    return STORE_PREFIX + location.pathname + (quiz === null ? "" : "?quiz=" + quiz);
  }

  function loadAnswers() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey()) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch (e) {
      return {};  // storage blocked or unreadable: start empty
    }
  }

  function saveAnswers(answers) {
    try {
      if (Object.keys(answers).length === 0) window.localStorage.removeItem(storageKey());
      else window.localStorage.setItem(storageKey(), JSON.stringify(answers));
    } catch (e) {
      /* storage blocked (private window, disk full): answers last until the page closes */
    }
  }

  // --- fresh quizzes: a seeded, balanced draw from the whole set ------------------------------

  function quizSeed() {
    var match = /[?&]quiz=(\d{1,10})(?:&|$)/.exec(location.search);
    if (!match) return null;
    var seed = Number(match[1]);
    return seed <= 4294967295 ? seed : null;
  }

  // mulberry32: a small 32-bit PRNG, the same numbers on every browser for the same seed.
  function mulberry32(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function shuffled(list, random) {
    var out = list.slice();
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var tmp = out[i]; out[i] = out[j]; out[j] = tmp;
    }
    return out;
  }

  // Families in a shuffled order, each family's questions shuffled, then one from each family in
  // turn: the counts per family differ by at most one while a family has questions left.
  function draw(pool, size, seed) {
    var random = mulberry32(seed);
    var byFamily = Object.create(null);  // a plain {} already has "constructor", a family name
    var families = [];
    pool.forEach(function (q) {
      if (!byFamily[q.family]) { byFamily[q.family] = []; families.push(q.family); }
      byFamily[q.family].push(q);
    });
    var queues = shuffled(families, random).map(function (f) { return shuffled(byFamily[f], random); });
    var chosen = [];
    while (chosen.length < size && queues.some(function (q) { return q.length; })) {
      queues.forEach(function (queue) {
        if (queue.length && chosen.length < size) chosen.push(queue.shift());
      });
    }
    return chosen;
  }

  function newSeed() {
    var values = new Uint32Array(1);
    window.crypto.getRandomValues(values);
    return values[0];
  }

  function withoutQuiz(url) {
    return url.replace(/([?&])quiz=[^&#]*&?/, "$1").replace(/[?&](#|$)/, "$1");
  }

  // The bar above a self-test: a "Fresh quiz" button, and in a quiz what it is and how to share it.
  function setUpQuizBar(bar, done) {
    var seed = quizSeed();
    var fresh = document.createElement("button");
    fresh.type = "button";
    fresh.className = "md-button lstmq-quiz__fresh";
    fresh.textContent = seed === null ? "Fresh quiz" : "Another fresh quiz";
    fresh.addEventListener("click", function () {
      var base = withoutQuiz(location.href.split("#")[0]);
      location.href = base + (base.indexOf("?") < 0 ? "?" : "&") + "quiz=" + newSeed();
    });
    var text = document.createElement("p");
    text.className = "lstmq-quiz__text";
    bar.textContent = "";
    bar.appendChild(text);
    bar.appendChild(fresh);
    var size = Number(bar.getAttribute("data-size")) || 10;
    if (seed === null) {
      text.textContent = "Or draw " + size + " other questions from the whole set, spread over its families.";
      done();
      return;
    }
    text.textContent = "Loading fresh quiz " + seed + "…";
    var script = document.createElement("script");
    script.src = bar.getAttribute("data-pool");
    script.onload = function () {
      var pool = (window.lstmqPools || {})[bar.getAttribute("data-set")];
      var chosen = null;
      try {
        chosen = draw(pool, Math.min(size, pool.length), seed);
        showQuiz(chosen);
      } catch (e) {
        chosen = null;
      }
      if (!chosen || !chosen.length) {
        text.textContent = "The questions of this set could not be read; the usual self-test is shown.";
        done();
        return;
      }
      var back = document.createElement("a");
      back.href = withoutQuiz(location.pathname.split("/").pop() + location.search);
      back.textContent = "back to the usual self-test";
      var total = Number(bar.getAttribute("data-total")) || pool.length;
      text.textContent = "Fresh quiz " + seed + ": " + chosen.length + " questions drawn from "
        + (pool.length < total ? pool.length + " of the set's " + total : "all " + pool.length + " of the set")
        + ". Share this page's address to give someone the same questions, or go ";
      text.appendChild(back);
      text.appendChild(document.createTextNode("."));
      done();
    };
    script.onerror = function () {
      text.textContent = "The questions of this set could not be loaded; the usual self-test is shown.";
      done();
    };
    document.body.appendChild(script);
  }

  // Replace the page's questions by the drawn ones, numbered 1..n like the page's contents list.
  function showQuiz(chosen) {
    var old = Array.prototype.slice.call(document.querySelectorAll(".lstmq-question"));
    if (!old.length) return;
    var holder = document.createElement("div");
    var parent = old[0].parentNode;
    chosen.forEach(function (q, i) {
      holder.innerHTML = q.html;
      var card = holder.firstElementChild;
      var heading = card.querySelector("h3");
      if (heading) {
        heading.id = "q-" + (i + 1);
        if (heading.firstChild && heading.firstChild.nodeType === 3) heading.firstChild.nodeValue = "Question " + (i + 1);
        var permalink = heading.querySelector("a.headerlink");
        if (permalink) permalink.setAttribute("href", "#q-" + (i + 1));
      }
      var legend = card.querySelector("legend");
      if (legend) legend.textContent = legend.textContent.replace(/^Question \d+/, "Question " + (i + 1));
      parent.insertBefore(card, old[0]);
    });
    old.forEach(function (q) { q.parentNode.removeChild(q); });
    var score = document.querySelector(".lstmq-score");
    if (score) score.setAttribute("data-total", String(chosen.length));
  }

  // --- one question ---------------------------------------------------------------------------

  function optionOf(input) {
    return input.closest(".lstmq-option") || input.parentNode;
  }

  function verdictOf(input) {
    var why = optionOf(input).querySelector(".lstmq-why");
    return why ? why.innerHTML : "";
  }

  function note(input, words, kind) {
    var label = optionOf(input).querySelector("label");
    if (!label) return;
    var span = document.createElement("span");
    span.className = "lstmq-note lstmq-note--" + kind;
    span.textContent = words;
    label.appendChild(span);
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // "A", "A and C", "A, B and D"
  function letters(list) {
    if (list.length < 2) return list.join("");
    return list.slice(0, -1).join(", ") + " and " + list[list.length - 1];
  }

  // What every kind of question shares: its Check button, its live region, its reset.
  function setUp(question, board) {
    if (question.classList.contains("lstmq-live")) return;
    var answer = question.getAttribute("data-answer");
    var fieldset = question.querySelector("fieldset.lstmq-options");
    var inputs = fieldset ? Array.prototype.slice.call(fieldset.querySelectorAll("input")) : [];
    var feedback = question.querySelector(".lstmq-feedback");
    if (!answer || inputs.length === 0 || !feedback) return;
    var kind = fieldset.getAttribute("data-kind") || "single";
    var ui = {question: question, answer: answer, fieldset: fieldset, inputs: inputs, feedback: feedback,
              board: board};
    question.classList.add("lstmq-live");
    feedback.setAttribute("tabindex", "-1");  // focus can move here after the Check button

    ui.check = document.createElement("button");
    ui.check.type = "button";
    ui.check.className = "md-button lstmq-check";
    ui.check.textContent = "Check";
    fieldset.appendChild(ui.check);

    // Mark the question answered, say so in its live region and count it.
    ui.finish = function (right, html, focus, saved, save) {
      question.setAttribute("data-result", right ? "right" : "wrong");
      ui.check.hidden = true;
      feedback.className = "lstmq-feedback lstmq-feedback--" + (right ? "right" : "wrong");
      feedback.innerHTML = html;
      if (focus === "verdict") feedback.focus();
      if (save) board.record(question.getAttribute("data-id"), saved);
      board.update();
    };
    ui.say = function (html) { feedback.className = "lstmq-feedback"; feedback.innerHTML = html; };

    var kinds = {single: setUpSingle, multiple: setUpMultiple, numeric: setUpNumeric};
    var reset = (kinds[kind] || setUpSingle)(ui);

    question.lstmqReset = function () {
      question.removeAttribute("data-result");
      reset();
      Array.prototype.forEach.call(question.querySelectorAll(".lstmq-note"), function (n) {
        n.parentNode.removeChild(n);
      });
      ui.check.hidden = false;
      feedback.className = "lstmq-feedback";
      feedback.innerHTML = "";
    };
  }

  // Radio buttons, one right answer.
  function setUpSingle(ui) {
    var question = ui.question, answer = ui.answer, inputs = ui.inputs;
    // A pointer pick answers at once; arrow keys and Space only move the choice (they fire
    // clicks too, after a keydown), and Enter or Check answers.
    var pointer = false;
    ui.fieldset.addEventListener("pointerdown", function () { pointer = true; });
    ui.fieldset.addEventListener("keydown", function (event) {
      pointer = false;
      if (event.key === "Enter" && event.target.type === "radio") {
        event.preventDefault();
        event.target.checked = true;
        answerWith(event.target, "stay", true);
      }
    });
    ui.fieldset.addEventListener("click", function (event) {
      if (pointer && event.target.type === "radio" && event.target.checked) answerWith(event.target, "stay", true);
    });
    ui.check.addEventListener("click", function () {
      var picked = inputs.filter(function (i) { return i.checked; })[0];
      if (picked) answerWith(picked, "verdict", true);
      else ui.say("<p>Pick an option first, then press Check.</p>");
    });

    function answerWith(input, focus, save) {
      if (question.hasAttribute("data-result")) return;
      var picked = input.value;
      var right = picked === answer;
      var correct = null;
      inputs.forEach(function (other) {
        other.checked = other === input;
        other.disabled = other !== input;  // the answer stands; focus stays on the picked one
        if (other.value === answer) { optionOf(other).classList.add("lstmq-correct"); correct = other; }
      });
      optionOf(input).classList.add(right ? "lstmq-picked-right" : "lstmq-picked-wrong");
      note(input, right ? "your answer, right" : "your answer, wrong", right ? "right" : "wrong");
      if (!right && correct) note(correct, "the right answer", "right");
      ui.finish(right, right
        ? "<p><strong>Right: " + answer + ".</strong> " + verdictOf(input) + "</p>"
        : "<p><strong>Not quite: " + picked + " is wrong.</strong> " + verdictOf(input) + "</p>"
          + "<p>The answer is <strong>" + answer + "</strong>. " + (correct ? verdictOf(correct) : "")
          + " Open the solution below for the steps.</p>", focus, picked, save);
      if (focus === "stay" && document.activeElement !== input) input.focus();
    }

    question.lstmqAnswer = function (label) {
      var input = inputs.filter(function (i) { return i.value === label; })[0];
      if (input) answerWith(input, "none", false);
    };
    return function () {
      inputs.forEach(function (input) {
        input.checked = false;
        input.disabled = false;
        optionOf(input).classList.remove("lstmq-correct", "lstmq-picked-right", "lstmq-picked-wrong");
      });
    };
  }

  // Checkboxes, "select all that apply": right only with exactly the right boxes ticked. Space
  // ticks a box; Enter on a box or the Check button answers. Every option is then marked and
  // explained, and focus goes to the verdict (the boxes are disabled: the answer stands).
  function setUpMultiple(ui) {
    var question = ui.question, inputs = ui.inputs;
    var answer = ui.answer.split("").sort().join("");
    ui.fieldset.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.type === "checkbox") {
        event.preventDefault();
        submit("verdict", true);
      }
    });
    ui.check.addEventListener("click", function () { submit("verdict", true); });

    function submit(focus, save) {
      if (question.hasAttribute("data-result")) return;
      var picked = inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
      if (!picked.length) {
        ui.say("<p>Tick every option you think is right, then press Check.</p>");
        return;
      }
      answerWith(picked.sort().join(""), focus, save);
    }

    function answerWith(picked, focus, save) {
      var right = picked === answer;
      var items = [];
      inputs.forEach(function (input) {
        var chosen = picked.indexOf(input.value) >= 0;
        var good = answer.indexOf(input.value) >= 0;
        input.checked = chosen;
        input.disabled = true;
        var box = optionOf(input);
        if (good) box.classList.add("lstmq-correct");
        if (chosen) box.classList.add(good ? "lstmq-picked-right" : "lstmq-picked-wrong");
        var words = chosen ? (good ? "ticked, right" : "ticked, wrong")
                           : (good ? "not ticked, but right" : "not ticked, rightly");
        note(input, words, chosen === good ? "right" : "wrong");
        items.push("<li><strong>" + input.value + "</strong> " + (good ? "is right" : "is wrong")
                   + (chosen === good ? "" : (chosen ? ", and you ticked it" : ", and you left it out"))
                   + ". " + verdictOf(input) + "</li>");
      });
      var mine = letters(picked.split("")), theirs = letters(answer.split(""));
      ui.finish(right, (right
        ? "<p><strong>Right: " + theirs + ", exactly the right options.</strong></p>"
        : "<p><strong>Not quite: you ticked " + mine + "; the right options are " + theirs + ".</strong></p>")
        + "<ul>" + items.join("") + "</ul>"
        + (right ? "" : "<p>Open the solution below for the steps.</p>"), focus, picked, save);
    }

    question.lstmqAnswer = function (saved) {
      if (/^[A-Z]+$/.test(saved)) answerWith(saved.split("").sort().join(""), "none", false);
    };
    return function () {
      inputs.forEach(function (input) {
        input.checked = false;
        input.disabled = false;
        optionOf(input).classList.remove("lstmq-correct", "lstmq-picked-right", "lstmq-picked-wrong");
      });
    };
  }

  // A number typed into a text box: right within the tolerance; a wrong one is told how far
  // off it is and, when it is the value a known mistake gives, which mistake.
  var SLACK = 1e-9;  // as lstmq.model.Numeric.accepts: a printed and re-read value still counts

  function readNumber(text) {
    var t = String(text).replace(/[\s\u00a0\u202f_]/g, "").replace(/\u2212/g, "-");
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
    var x = Number(t);
    return isFinite(x) ? x : null;
  }

  function shown(x) {
    return String(Number(Number(x).toPrecision(12)));
  }

  function within(x, target, tolerance) {
    return Math.abs(x - target) <= tolerance + SLACK * Math.max(1, Math.abs(target));
  }

  function setUpNumeric(ui) {
    var question = ui.question, box = ui.inputs[0];
    var value = Number(ui.answer);
    var tolerance = Number(question.getAttribute("data-tolerance")) || 0;
    var traps = Array.prototype.slice.call(question.querySelectorAll(".lstmq-trap"));
    var label = ui.fieldset.querySelector("label");
    var unit = label ? label.textContent.replace(/^Your answer \(|\)$/g, "") : "";
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        submit("stay", true);
      }
    });
    ui.check.addEventListener("click", function () { submit("verdict", true); });

    function submit(focus, save) {
      if (question.hasAttribute("data-result")) return;
      var text = box.value.trim();
      if (!text) {
        ui.say("<p>Type a number, then press Check.</p>");
        return;
      }
      var x = readNumber(text);
      if (x === null) {
        ui.say("<p>&ldquo;" + escapeHtml(text) + "&rdquo; is not a number lstmq can read: type digits, with a "
               + "point for decimals and no thousands separators (such as 2560 or 0.125).</p>");
        return;
      }
      answerWith(x, focus, save);
    }

    function answerWith(x, focus, save) {
      var right = within(x, value, tolerance);
      var exact = shown(value) + (unit ? " (" + escapeHtml(unit) + ")" : "");
      box.value = shown(x);
      box.readOnly = true;  // the answer stands; focus may stay in the box
      box.setAttribute("aria-invalid", right ? "false" : "true");
      var html;
      if (right) {
        html = "<p><strong>Right: " + shown(x) + ".</strong>"
          + (x === value ? "" : " The value is " + shown(value) + "; anything within "
             + shown(tolerance) + " of it counts.") + "</p>";
      } else {
        var off = Math.abs(x - value);
        html = "<p><strong>Not quite: " + shown(x) + " is " + shown(off) + " too "
          + (x < value ? "low" : "high") + ".</strong></p>";
        var trap = traps.filter(function (t) { return within(x, Number(t.getAttribute("data-value")), tolerance); })[0];
        if (trap) html += "<p>That is the value a common mistake gives: " + trap.innerHTML + "</p>";
        html += "<p>The answer is <strong>" + exact + "</strong>"
          + (tolerance ? ", give or take " + shown(tolerance) : "") + ". Open the solution below for the steps.</p>";
      }
      ui.finish(right, html, focus, shown(x), save);
    }

    question.lstmqAnswer = function (saved) {
      var x = readNumber(saved);
      if (x !== null) answerWith(x, "none", false);
    };
    return function () {
      box.value = "";
      box.readOnly = false;
      box.removeAttribute("aria-invalid");
    };
  }

  // --- the score ------------------------------------------------------------------------------

  function scoreBoard(root) {
    var el = root.querySelector(".lstmq-score");
    if (el && el.lstmqBoard) return el.lstmqBoard;
    var answers = loadAnswers();
    var board = {
      record: function (id, label) {
        if (!id) return;
        answers[id] = label;
        saveAnswers(answers);
      },
      saved: function () { return answers; },
      update: function () {}
    };
    if (!el) return board;
    var text = document.createElement("p");
    text.className = "lstmq-score__text";
    text.setAttribute("role", "status");
    var again = document.createElement("button");
    again.type = "button";
    again.className = "md-button lstmq-score__again";
    again.textContent = "Start again";
    again.hidden = true;
    el.textContent = "";
    el.appendChild(text);
    el.appendChild(again);
    el.classList.add("lstmq-score--live");

    function questions() {
      return Array.prototype.slice.call(root.querySelectorAll(".lstmq-question.lstmq-live"));
    }
    // The score bar sticks to the foot of the window: keep focused elements clear of it.
    function keepFocusClear() {
      var sticky = window.getComputedStyle(el).position === "sticky";
      document.documentElement.style.scrollPaddingBottom = sticky ? (el.offsetHeight + 24) + "px" : "";
    }
    board.update = function () {
      var all = questions();
      var answered = all.filter(function (q) { return q.hasAttribute("data-result"); });
      var right = answered.filter(function (q) { return q.getAttribute("data-result") === "right"; });
      el.setAttribute("data-answered", String(answered.length));
      el.setAttribute("data-right", String(right.length));
      if (answered.length === 0) {
        var onlyOptions = all.every(function (q) { return !q.querySelector("fieldset[data-kind='numeric']"); });
        text.textContent = "Score: " + (onlyOptions ? "pick an option in" : "answer") + " each of the "
          + all.length + " questions.";
      } else if (answered.length < all.length) {
        text.textContent = "Score: " + right.length + " right of " + answered.length + " answered, "
          + (all.length - answered.length) + " to go.";
      } else {
        text.textContent = "Finished: " + right.length + " of " + all.length + " right ("
          + Math.round(100 * right.length / all.length) + "%).";
      }
      el.classList.toggle("lstmq-score--done", answered.length === all.length && all.length > 0);
      again.hidden = answered.length === 0;
      keepFocusClear();
    };
    window.addEventListener("resize", keepFocusClear);
    again.addEventListener("click", function () {
      if (!window.confirm("Start again? This clears your answers on this page.")) return;
      questions().forEach(function (q) { if (q.lstmqReset) q.lstmqReset(); });
      answers = {};
      saveAnswers(answers);
      board.update();
      var first = root.querySelector(".lstmq-question input");
      if (first) first.focus();
    });
    el.lstmqBoard = board;
    return board;
  }

  // A wide table, or the code of a question drawn into a fresh quiz (Material sets up only the
  // code blocks it found at load), scrolls sideways: make its scroll box reachable by keyboard
  // (Tab, then the arrow keys), which axe's scrollable-region-focusable rule asks for.
  function scrollBoxesFocusable() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap, .lstmq-question pre > code");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else if (box.classList.contains("md-typeset__scrollwrap")) box.removeAttribute("tabindex");
    });
  }
  window.addEventListener("resize", scrollBoxesFocusable);

  function init() {
    scrollBoxesFocusable();
    var questionsReady = function () {
      var board = scoreBoard(document);
      var saved = board.saved();
      Array.prototype.forEach.call(document.querySelectorAll(".lstmq-question"), function (q) {
        setUp(q, board);
        var label = saved[q.getAttribute("data-id")];
        if (label && q.lstmqAnswer) q.lstmqAnswer(label);
      });
      board.update();
      scrollBoxesFocusable();
    };
    var bar = document.querySelector(".lstmq-quiz");
    if (bar && !bar.lstmqDone) {
      bar.lstmqDone = true;
      setUpQuizBar(bar, questionsReady);
    } else {
      questionsReady();
    }
  }

  // Material opens every <details> when the page is printed. This listener runs first (capture
  // phase), notes which blocks the reader left closed, and the print styles hide those.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) {
      if (!d.open) d.classList.add("lstmq-print-closed");
    });
  }, true);
  window.addEventListener("afterprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.lstmq-print-closed"), function (d) {
      d.classList.remove("lstmq-print-closed");
    });
  });

  window.lstmqDraw = draw;  // for tests: the draw a ?quiz= link makes

  // With Material's instant loading, document$ emits after every page change; otherwise once.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
