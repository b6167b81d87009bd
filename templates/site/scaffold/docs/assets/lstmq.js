/* lstmq: answer checking on question pages, and printing that keeps closed blocks closed.
 *
 * Plain JavaScript, no server, no network. Each question is a .lstmq-question block whose
 * data-answer holds the right letter; every option carries its verdict in a hidden
 * .lstmq-why span. A click marks the pick right or wrong, shows that verdict and updates the
 * score. Without JavaScript the page stays readable and the <details> blocks still open. */
(function () {
  "use strict";

  function items(question) {
    var list = question.querySelector(".lstmq-options ul, .lstmq-options ol");
    return list ? Array.prototype.slice.call(list.children) : [];
  }

  function labelOf(item) {
    var why = item.querySelector(".lstmq-why");
    return why ? why.getAttribute("data-label") : "";
  }

  function verdict(item) {
    var why = item.querySelector(".lstmq-why");
    return why ? why.innerHTML : "";
  }

  function scoreBoard(root) {
    var el = root.querySelector(".lstmq-score");
    if (!el) return { update: function () {} };
    if (el.lstmqBoard) return el.lstmqBoard;
    var text = document.createElement("p");
    text.className = "lstmq-score__text";
    text.setAttribute("role", "status");
    text.setAttribute("aria-live", "polite");
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
    var board = {
      update: function () {
        var all = questions();
        var answered = all.filter(function (q) { return q.hasAttribute("data-result"); });
        var right = answered.filter(function (q) { return q.getAttribute("data-result") === "right"; });
        el.setAttribute("data-answered", String(answered.length));
        el.setAttribute("data-right", String(right.length));
        if (answered.length === 0) {
          text.textContent = "Score: pick an option in each of the " + all.length + " questions.";
        } else if (answered.length < all.length) {
          text.textContent = "Score: " + right.length + " right of " + answered.length + " answered, "
            + (all.length - answered.length) + " to go.";
        } else {
          text.textContent = "Finished: " + right.length + " of " + all.length + " right ("
            + Math.round(100 * right.length / all.length) + "%).";
        }
        el.classList.toggle("lstmq-score--done", answered.length === all.length && all.length > 0);
        again.hidden = answered.length === 0;
      }
    };
    again.addEventListener("click", function () {
      questions().forEach(function (q) { if (q.lstmqReset) q.lstmqReset(); });
      board.update();
      var first = root.querySelector(".lstmq-question");
      if (first) first.scrollIntoView({ behavior: "smooth", block: "start" });
    });
    el.lstmqBoard = board;
    return board;
  }

  function setUp(question, board) {
    if (question.classList.contains("lstmq-live")) return;
    var answer = question.getAttribute("data-answer");
    var options = items(question);
    if (!answer || options.length === 0) return;
    var feedback = document.createElement("div");
    feedback.className = "lstmq-feedback";
    feedback.setAttribute("role", "status");
    feedback.setAttribute("aria-live", "polite");
    feedback.hidden = true;
    options[0].parentNode.parentNode.insertBefore(feedback, options[0].parentNode.nextSibling);
    question.classList.add("lstmq-live");

    function choose(item) {
      if (question.hasAttribute("data-result")) return;
      var picked = labelOf(item);
      var right = picked === answer;
      question.setAttribute("data-result", right ? "right" : "wrong");
      var correct = null;
      options.forEach(function (other) {
        other.removeAttribute("tabindex");
        other.setAttribute("aria-disabled", "true");
        if (labelOf(other) === answer) { other.classList.add("lstmq-correct"); correct = other; }
      });
      item.classList.add(right ? "lstmq-picked-right" : "lstmq-picked-wrong");
      feedback.className = "lstmq-feedback lstmq-feedback--" + (right ? "right" : "wrong");
      feedback.innerHTML = right
        ? "<p><strong>Right: " + answer + ".</strong> " + verdict(item) + "</p>"
        : "<p><strong>Not quite: " + picked + " is wrong.</strong> " + verdict(item) + "</p>"
          + "<p>The answer is <strong>" + answer + "</strong>. " + (correct ? verdict(correct) : "")
          + " Open the solution below for the steps.</p>";
      feedback.hidden = false;
      board.update();
    }

    options.forEach(function (item) {
      item.setAttribute("role", "button");
      item.tabIndex = 0;
      item.addEventListener("click", function (event) {
        if (event.target.closest("a")) return;
        choose(item);
      });
      item.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); choose(item); }
      });
    });

    question.lstmqReset = function () {
      question.removeAttribute("data-result");
      options.forEach(function (item) {
        item.tabIndex = 0;
        item.removeAttribute("aria-disabled");
        item.classList.remove("lstmq-correct", "lstmq-picked-right", "lstmq-picked-wrong");
      });
      feedback.hidden = true;
      feedback.innerHTML = "";
    };
  }

  function init() {
    var board = scoreBoard(document);
    Array.prototype.forEach.call(document.querySelectorAll(".lstmq-question"), function (q) {
      setUp(q, board);
    });
    board.update();
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

  // With Material's instant loading, document$ emits after every page change; otherwise once.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
