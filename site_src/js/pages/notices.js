// What the playground says in words beside the plot: the message line (a run's error, a
// note), the link notice (what of a link could not be used), the non-finite note (where f is
// not finite in the view, Python's words), Python's status box, and the screen reader's
// short lines (the polite status region).
import {renderPythonStatus} from "../worker/python-status.js";

export class Notices {
  constructor(page) {
    this.page = page;
    this.lastNotice = null;
  }

  message(text, isError = false) {
    const {message} = this.page.ui;
    message.textContent = text;
    message.classList.toggle("pg-message-error", isError);
    message.hidden = false;
  }

  hideMessage() {
    const {message} = this.page.ui;
    message.hidden = true;
    message.textContent = "";
  }

  // Parts of the URL hash that could not be read (or a state cut to the work budget): said
  // once, in plain words; the rest of the link still applies.
  linkProblems(problems) {
    const notice = this.page.ui.linkNotice;
    notice.hidden = problems.length === 0;
    const shown = problems.slice(0, 6);
    if (problems.length > shown.length) shown.push(`and ${problems.length - shown.length} more`);
    if (problems.length) performance.mark("op:link-read");
    notice.textContent = problems.length
      ? `Part of this link could not be read, so the page uses defaults or a shorter version for it: ${shown.join("; ")}.`
      : "";
  }

  // A state cut to fit the work budget (state/budget.js) after a change made on the page.
  cut(text) {
    const notice = this.page.ui.linkNotice;
    notice.hidden = false;
    notice.textContent = text;
  }

  // Python's words for where f is not finite on the grid drawn (null: finite everywhere).
  nonFinite(text) {
    const note = this.page.ui.nonFinite;
    note.hidden = !text;
    note.textContent = text ? `${text}; the plot leaves that part blank.` : "";
  }

  pythonStatus(status) {
    const {client, ui} = this.page;
    if (status.notice && status.notice !== this.lastNotice) {
      this.lastNotice = status.notice;
      this.message(`${status.notice.charAt(0).toUpperCase()}${status.notice.slice(1)}.`);
    }
    renderPythonStatus(ui.python, status, {versions: client.versions, onRetry: () => client.retry()});
  }

  // Short lines for screen readers (announcements.js words them).
  say(lines) {
    if (!lines.length) return;
    this.page.ui.announcer.replaceChildren(...lines.map((line) => {
      const p = document.createElement("p");
      p.textContent = line;
      return p;
    }));
  }
}
