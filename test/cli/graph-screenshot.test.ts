import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { KIND_COLORS } from "../../cli/graph-formats/graph-format.js";
import { CLI_TEST_TIMEOUT_MS, SPAWN_TIMEOUT_MS, runCli } from "./spawn-cli.js";

/**
 * The html page of `spec-kit graph`, as a browser shows it: Debian's Chromium, headless, takes
 * a screenshot, and the test finds the phases' boxes in its pixels. `.ci/run` installs
 * Chromium and sets SPEC_KIT_REQUIRE_CHROMIUM=1, so that in CI a missing browser fails the
 * test; elsewhere the test is skipped, saying why.
 */
const CHROMIUM = ["chromium", "chromium-browser"].find((name) => spawnSync(name, ["--version"], { encoding: "utf8", timeout: SPAWN_TIMEOUT_MS }).status === 0);
const REQUIRED = process.env.SPEC_KIT_REQUIRE_CHROMIUM === "1";
if (!CHROMIUM && !REQUIRED) console.warn("graph-screenshot: Chromium is not installed (Debian: apt-get install chromium); the screenshot tests are skipped");

const scratch = mkdtempSync(join(tmpdir(), "spec-kit-screenshot-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The window the page is shown in, in CSS pixels (and screenshot pixels: the scale is 1). */
const WIDTH = 1600;
const HEIGHT = 1000;

/** Writes `spec-kit graph <args> -f html` to a file and returns Chromium's screenshot of it. */
function screenshot(name: string, args: readonly string[]): PNG {
  const page = join(scratch, `${name}.html`);
  const run = runCli(["graph", ...args, "-f", "html", "-o", page]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const png = join(scratch, `${name}.png`);
  const chromium = spawnSync(
    CHROMIUM!,
    [
      "--headless",
      // CI runs as root, where Chromium's sandbox cannot start; the page is our own, loads nothing and is opened from a file.
      "--no-sandbox",
      "--disable-gpu",
      "--hide-scrollbars",
      "--no-first-run",
      "--disable-extensions",
      "--force-device-scale-factor=1",
      `--user-data-dir=${join(scratch, `${name}-profile`)}`,
      `--window-size=${WIDTH},${HEIGHT}`,
      `--screenshot=${png}`,
      pathToFileURL(page).href,
    ],
    { encoding: "utf8", timeout: SPAWN_TIMEOUT_MS },
  );
  expect(chromium.error, chromium.stderr).toBeUndefined();
  expect(chromium.status, chromium.stderr).toBe(0);
  return PNG.sync.read(readFileSync(png));
}

/** A box of the drawing, as the pixels show it. */
interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
  /** Pixels inside the box that are much darker than its fill: its text. */
  ink: number;
}

/**
 * The connected regions (4-neighbours) of pixels that have exactly the colour `hex`, at least
 * `minPixels` large: how the phases' boxes, filled with their colour, show in a screenshot.
 */
function regionsOf(image: PNG, hex: string, minPixels: number): Box[] {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
  const { width, height, data } = image;
  const matches = (i: number) => data[4 * i] === r && data[4 * i + 1] === g && data[4 * i + 2] === b;
  const seen = new Uint8Array(width * height);
  const boxes: Box[] = [];
  for (let start = 0; start < width * height; start++) {
    if (seen[start] || !matches(start)) continue;
    seen[start] = 1;
    const stack = [start];
    let count = 0;
    let [left, top, right, bottom] = [width, height, 0, 0];
    while (stack.length > 0) {
      const i = stack.pop()!;
      count++;
      const x = i % width;
      const y = (i - x) / width;
      [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
      for (const next of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1]) {
        if (next >= 0 && !seen[next] && matches(next)) {
          seen[next] = 1;
          stack.push(next);
        }
      }
    }
    if (count < minPixels) continue;
    let ink = 0;
    for (let y = top; y <= bottom; y++) {
      for (let x = left; x <= right; x++) {
        const i = 4 * (y * width + x);
        if (data[i]! + data[i + 1]! + data[i + 2]! < 3 * 90) ink++;
      }
    }
    boxes.push({ left, top, width: right - left + 1, height: bottom - top + 1, ink });
  }
  return boxes;
}

describe.skipIf(!CHROMIUM && !REQUIRED)("spec-kit graph --format html in Chromium", () => {
  it("is installed, when CI requires it", () => {
    expect(CHROMIUM, "Chromium is required (SPEC_KIT_REQUIRE_CHROMIUM=1) but neither chromium nor chromium-browser runs").toBeDefined();
  });

  it(
    "draws the 13 phases of specs/ as boxes large enough to read, each with its text, arrows between them",
    () => {
      const image = screenshot("specs", ["specs"]);
      expect([image.width, image.height]).toEqual([WIDTH, HEIGHT]);
      const boxes = regionsOf(image, KIND_COLORS.phase, 400);
      expect(boxes).toHaveLength(13);
      for (const box of boxes) {
        // Graphviz sizes a box by its text (13 pt title, 10 pt layers); a box this large holds
        // text of at least 12 px: shrunk to fit the window, it would be far smaller.
        expect(box.height, JSON.stringify(box)).toBeGreaterThanOrEqual(28);
        expect(box.width, JSON.stringify(box)).toBeGreaterThanOrEqual(100);
        expect(box.ink, JSON.stringify(box)).toBeGreaterThan(100);
        // Inside the drawing, left of the tables.
        expect(box.left + box.width).toBeLessThan(WIDTH * 0.65);
      }
      // The boxes do not overlap: their areas are distinct rectangles.
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) {
          const apart = a.left + a.width <= b.left || b.left + b.width <= a.left || a.top + a.height <= b.top || b.top + b.height <= a.top;
          expect(apart, `${JSON.stringify(a)} ${JSON.stringify(b)}`).toBe(true);
        }
      }
      // The arrows' grey (#495057) shows between the boxes.
      let arrowPixels = 0;
      for (let i = 0; i < image.width * image.height; i++) {
        if (image.data[4 * i] === 0x49 && image.data[4 * i + 1] === 0x50 && image.data[4 * i + 2] === 0x57) arrowPixels++;
      }
      expect(arrowPixels).toBeGreaterThan(2000);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "runs its pan-and-zoom script (allowed by the page's content security policy): a small drawing is not blown up",
    () => {
      // Without the script, the SVG would fill the drawing's whole width, and three boxes would be hundreds of pixels tall.
      const image = screenshot("small", ["test/fixtures/bundles/graph-valid-yaml"]);
      const boxes = regionsOf(image, KIND_COLORS.phase, 400);
      expect(boxes).toHaveLength(3);
      for (const box of boxes) {
        expect(box.height, JSON.stringify(box)).toBeGreaterThanOrEqual(28);
        expect(box.height, JSON.stringify(box)).toBeLessThan(80);
      }
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
