"""Frame time of the 3-D view while it orbits with four paths, in headless Chromium.

    .venv/bin/python bench/site_3d.py [--site site] [--seconds 5] [--runs 3]

Opens the built site on two wells in 3-D with the 2018 post's four optimizers run from one start
(``#g=3d&s=0.7,-0.9``), waits for Python, the runs and the surface, then turns the view a little on
every animation frame (OrbitControls' rotateLeft, as a drag does) for ``--seconds`` and records the
gaps between animation frames (requestAnimationFrame's timestamps) and the time each render of the
3-D view takes on the main thread, then the time of a frame drawn to its end (a render followed by
reading one pixel back, which waits for the rasteriser). Prints the median and the 95th percentile of both, per screen:
a desktop (1280 x 900 CSS px, device pixel ratio 1) and a phone (390 x 844, ratio 3). Beside them,
the same page with the contour (3-D off) running the same animation-frame loop, and the machine's
load average: WebGL is Chromium's software rasteriser (SwiftShader) here, which shares the CPU with
everything else (a machine with a GPU draws far faster).
Builds the site first when it is missing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from serve import serve_in_background  # noqa: E402  (scripts/serve.py)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LINK = "#g=3d&s=0.7,-0.9"
PG = "document.querySelector('[data-playground]').playground"
SCREENS = {"desktop 1280 x 900, dpr 1": dict(viewport={"width": 1280, "height": 900}, device_scale_factor=1),
           "phone 390 x 844, dpr 3": dict(viewport={"width": 390, "height": 844}, device_scale_factor=3,
                                          is_mobile=True, has_touch=True)}

BASELINE = """async ([seconds]) => {
  const gaps = [];
  let last = null;
  await new Promise((done) => {
    const end = performance.now() + seconds * 1000;
    const tick = (now) => {
      if (last !== null) gaps.push(now - last);
      last = now;
      if (now < end) requestAnimationFrame(tick); else done();
    };
    requestAnimationFrame(tick);
  });
  return {gaps};
}"""

ORBIT = """async ([seconds]) => {
  const pg = document.querySelector('[data-playground]').playground, view = pg.plot3d;
  const renders = [];
  const render = view.render.bind(view);
  view.render = () => { const t = performance.now(); render(); renders.push(performance.now() - t); };
  const gaps = [];
  let last = null;
  const frames0 = view.frames;
  await new Promise((done) => {
    const end = performance.now() + seconds * 1000;
    const tick = (now) => {
      if (last !== null) gaps.push(now - last);
      last = now;
      view.controls.rotateLeft(Math.PI / 180);   // a degree a frame, as a slow drag
      if (now < end) requestAnimationFrame(tick); else done();
    };
    requestAnimationFrame(tick);
  });
  view.render = render;
  // a frame drawn to its end: render, then read one pixel back (which waits for the rasteriser)
  const gl = view.gl.getContext(), pixel = new Uint8Array(4), whole = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    view.controls.rotateLeft(Math.PI / 180);
    render();
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
    whole.push(performance.now() - t);
  }
  return {gaps, renders, whole, frames: view.frames - frames0,
          paths: pg.renderer.paths.length, size: [view.canvas.width, view.canvas.height]};
}"""


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def wait(page, expression, timeout=180.0):
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(expression):
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {expression}")


def measure(browser, url, options, seconds, three_d=True):
    context = browser.new_context(**options)
    try:
        page = context.new_page()
        page.goto(url + (LINK if three_d else LINK.replace("g=3d&", "")))
        wait(page, "document.documentElement.dataset.python === 'ready'")
        wait(page, "document.querySelector('[data-playground]').dataset.run === 'done'")
        if not three_d:
            page.wait_for_timeout(4000)   # the playback played to its end
            return page.evaluate(BASELINE, [seconds])
        wait(page, f"document.querySelector('.pg-plot').dataset.surface && {PG}.plot3d.frames > 0")
        page.wait_for_timeout(4000)
        return page.evaluate(ORBIT, [seconds])
    finally:
        context.close()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(REPO / "site"))
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "index.html").exists():
        import build
        build.build(build.BuildConfig(out=site))
    from playwright.sync_api import sync_playwright
    server, url = serve_in_background(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            renderer = None
            for screen, options in SCREENS.items():
                gaps, renders, whole, frames, seconds = [], [], [], 0, 0.0
                for _ in range(args.runs):
                    result = measure(browser, url, options, args.seconds)
                    assert result["paths"] == 4, result["paths"]
                    gaps += result["gaps"]
                    renders += result["renders"]
                    whole += result["whole"]
                    frames += result["frames"]
                    seconds += args.seconds
                    size = result["size"]
                if renderer is None:
                    page = browser.new_page()
                    renderer = page.evaluate("""() => { const gl = document.createElement('canvas').getContext('webgl2');
                      const info = gl && gl.getExtension('WEBGL_debug_renderer_info');
                      return gl ? gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) : 'no WebGL'; }""")
                    page.close()
                    print(f"WebGL: {renderer}")
                print(f"{screen} (canvas {size[0]} x {size[1]} px), four paths, orbiting {args.runs} x {args.seconds:g} s:")
                print(f"  frame gap (requestAnimationFrame): median {statistics.median(gaps):.1f} ms, "
                      f"95th percentile {percentile(gaps, 0.95):.1f} ms ({len(gaps)} frames)")
                print(f"  one render of the 3-D view (main thread): median {statistics.median(renders):.1f} ms, "
                      f"95th percentile {percentile(renders, 0.95):.1f} ms; {frames / seconds:.1f} renders per second")
                print(f"  one frame drawn to its end (render, then one pixel read back): median "
                      f"{statistics.median(whole):.1f} ms, 95th percentile {percentile(whole, 0.95):.1f} ms")
            gaps = []
            for _ in range(args.runs):
                gaps += measure(browser, url, SCREENS["desktop 1280 x 900, dpr 1"], args.seconds, three_d=False)["gaps"]
            print(f"the same page with the contour (3-D off), desktop: frame gap median {statistics.median(gaps):.1f} ms, "
                  f"95th percentile {percentile(gaps, 0.95):.1f} ms ({len(gaps)} frames)")
            print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
