"""When a picture is SEEN ON SCREEN, from the browser's screencast (not from the page's own marks).

``Screencast(context, page)`` records the compositor's frames of a page with CDP
``Page.startScreencast`` (JPEG, half size, every frame) before it navigates; each frame carries the
wall-clock time it was shown (``metadata.timestamp``). ``seen_at(browser, frames, box, origin_ms)``
then decodes the frames in a scratch page (canvas, no extra Python package) and returns the time, in ms
from the navigation start (``performance.timeOrigin``), of the first frame whose ``box`` (CSS px)
matches the last, settled frame: at least ``SHARE`` of its pixels within ``TOLERANCE`` of the settled
picture in every channel. Paths drawn over the contour later cover far less than the rest, so the
contour counts as seen once it is there, however it got there (pre-drawn in the HTML or drawn by JS).
"""

from __future__ import annotations

SCALE = 0.5          # frames at half the viewport's size (cheaper to encode on a loaded machine)
SHARE = 0.85         # of the box's pixels
TOLERANCE = 28       # per channel, 0-255 (JPEG and anti-aliasing)

MATCH_JS = """async ({frames, box, scale, tolerance}) => {
  const decode = async (data) => createImageBitmap(await (await fetch("data:image/jpeg;base64," + data)).blob());
  const pixels = (bitmap) => {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d");
    context.drawImage(bitmap, 0, 0);
    const x = Math.max(0, Math.round(box.x * scale)), y = Math.max(0, Math.round(box.y * scale));
    const w = Math.max(1, Math.min(bitmap.width - x, Math.round(box.width * scale)));
    const h = Math.max(1, Math.min(bitmap.height - y, Math.round(box.height * scale)));
    return context.getImageData(x, y, w, h).data;
  };
  const last = pixels(await decode(frames[frames.length - 1]));
  const shares = [];
  for (const data of frames) {
    const here = pixels(await decode(data));
    if (here.length !== last.length) { shares.push(0); continue; }
    let same = 0;
    for (let i = 0; i < here.length; i += 4) {
      if (Math.abs(here[i] - last[i]) <= tolerance && Math.abs(here[i + 1] - last[i + 1]) <= tolerance &&
          Math.abs(here[i + 2] - last[i + 2]) <= tolerance) same++;
    }
    shares.push(same / (here.length / 4));
  }
  return shares;
}"""


class Screencast:
    """Frames of ``page`` as ``[(shown at, epoch s), base64 JPEG]``, from now until ``stop()``."""

    def __init__(self, context, page, viewport=(1280, 900)):
        self.frames: list[tuple[float, str]] = []
        self.cdp = context.new_cdp_session(page)
        self.cdp.on("Page.screencastFrame", self._frame)
        self.cdp.send("Page.startScreencast", {"format": "jpeg", "quality": 70, "everyNthFrame": 1,
                                               "maxWidth": int(viewport[0] * SCALE),
                                               "maxHeight": int(viewport[1] * SCALE)})

    def _frame(self, event) -> None:
        self.frames.append((event["metadata"]["timestamp"], event["data"]))
        try:
            self.cdp.send("Page.screencastFrameAck", {"sessionId": event["sessionId"]})
        except Exception:  # noqa: BLE001 (the page is closing)
            pass

    def stop(self) -> list[tuple[float, str]]:
        try:
            self.cdp.send("Page.stopScreencast")
        except Exception:  # noqa: BLE001
            pass
        return list(self.frames)


def seen_at(browser, frames: list[tuple[float, str]], box: dict, origin_ms: float) -> float | None:
    """ms from the navigation start to the first frame whose ``box`` matches the settled last frame."""
    if len(frames) < 2:
        return None
    context = browser.new_context()
    try:
        page = context.new_page()
        shares = page.evaluate(MATCH_JS, {"frames": [data for _, data in frames], "box": box, "scale": SCALE,
                                          "tolerance": TOLERANCE})
    finally:
        context.close()
    for (shown, _), share in zip(frames, shares):
        if share >= SHARE:
            return shown * 1000 - origin_ms
    return None
