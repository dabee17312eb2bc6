import { describe, expect, it } from "vitest";
import { renderHtml } from "../../cli/graph-formats/html.js";
import { selectGraphView } from "../../compiler/bind/graph-view.js";
import { checkFiles } from "../helpers/rule-tester.js";
import { jsonBundle, phaseReport } from "./fixture-bundles.js";

/** The page's own script, as `graph --format html` writes it. */
const SCRIPT = (() => {
  const graph = checkFiles(jsonBundle([phaseReport("P1")])).graph!.toJSON();
  const html = renderHtml(selectGraphView(graph, { level: "phases" }).view!, () => '<svg width="10pt" height="10pt" viewBox="0.00 0.00 10.00 10.00"></svg>');
  return /<script>([^]*?)<\/script>/.exec(html)![1]!;
})();

type Listener = (event: FakeEvent) => void;

interface FakeEvent {
  clientX?: number;
  clientY?: number;
  deltaY?: number;
  button?: number;
  prevented?: boolean;
  preventDefault(): void;
}

function event(fields: Omit<FakeEvent, "preventDefault">): FakeEvent {
  const e: FakeEvent = { ...fields, prevented: false, preventDefault: () => (e.prevented = true) };
  return e;
}

/** Something listeners can be added to and events dispatched on. */
class Target {
  readonly listeners = new Map<string, Listener[]>();
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  dispatch(type: string, e: FakeEvent): FakeEvent {
    for (const listener of this.listeners.get(type) ?? []) listener(e);
    return e;
  }
}

/**
 * An `<svg>` of `width` x `height` CSS pixels at the page's top left, drawn with
 * preserveAspectRatio="xMidYMid meet": its screen transform follows its viewBox as a browser's does.
 */
class FakeSvg extends Target {
  viewBox: string;
  constructor(viewBox: string, readonly width: number, readonly height: number) {
    super();
    this.viewBox = viewBox;
  }
  getAttribute(name: string): string | null {
    return name === "viewBox" ? this.viewBox : null;
  }
  setAttribute(name: string, value: string): void {
    if (name === "viewBox") this.viewBox = value;
  }
  getBoundingClientRect(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }
  box(): number[] {
    return this.viewBox.split(" ").map(Number);
  }
  /** User units to screen pixels: scale, then offsets. */
  transform(): { s: number; tx: number; ty: number } {
    const [x, y, w, h] = this.box() as [number, number, number, number];
    const s = Math.min(this.width / w, this.height / h);
    return { s, tx: (this.width - w * s) / 2 - x * s, ty: (this.height - h * s) / 2 - y * s };
  }
  getScreenCTM(): { inverse(): { a: number; d: number; e: number; f: number } } {
    const { s, tx, ty } = this.transform();
    return { inverse: () => ({ a: 1 / s, d: 1 / s, e: -tx / s, f: -ty / s }) };
  }
  /** The user point under a screen point. */
  userAt(x: number, y: number): { x: number; y: number } {
    const { s, tx, ty } = this.transform();
    return { x: (x - tx) / s, y: (y - ty) / s };
  }
}

class FakeDomPoint {
  constructor(readonly x: number, readonly y: number) {}
  matrixTransform(m: { a: number; d: number; e: number; f: number }): { x: number; y: number } {
    return { x: m.a * this.x + m.e, y: m.d * this.y + m.f };
  }
}

class FakeButton extends Target {
  constructor(readonly zoom: string) {
    super();
  }
  getAttribute(name: string): string | null {
    return name === "data-zoom" ? this.zoom : null;
  }
}

/** Runs the page's script on a drawing of `viewBox` shown in `width` x `height` pixels. */
function page(viewBox: string, width: number, height: number) {
  const svg = new FakeSvg(viewBox, width, height);
  const window = new Target();
  const buttons = Object.fromEntries(["in", "out", "fit"].map((zoom) => [zoom, new FakeButton(zoom)]));
  const document = {
    querySelector: (selector: string) => (selector === "#drawing svg" ? svg : null),
    querySelectorAll: (selector: string) => (selector === "[data-zoom]" ? Object.values(buttons) : []),
  };
  new Function("document", "window", "DOMPoint", SCRIPT)(document, window, FakeDomPoint);
  return { svg, window, buttons };
}

const close = (actual: number[], expected: number[]) => actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 6));

describe("the html page's pan and zoom", () => {
  it("shows a small drawing at no more than its drawn size, centred, and a large one whole", () => {
    // 200 x 100 pt in 1000 x 500 px: 4/3 px per pt at most, so 750 x 375 pt of room, centred.
    close(page("0.00 0.00 200.00 100.00", 1000, 500).svg.box(), [-275, -137.5, 750, 375]);
    close(page("0.00 0.00 4000.00 3000.00", 1000, 500).svg.box(), [0, 0, 4000, 3000]);
  });

  it("zooms with the wheel about the pointer: the point under it stays there", () => {
    const { svg } = page("0.00 -500.00 4000.00 3000.00", 1000, 500);
    const before = svg.userAt(300, 120);
    const wheel = svg.dispatch("wheel", event({ clientX: 300, clientY: 120, deltaY: -100 }));
    expect(wheel.prevented).toBe(true);
    expect(svg.box()[2]).toBeCloseTo(4000 / 1.2, 6);
    const after = svg.userAt(300, 120);
    expect(after.x).toBeCloseTo(before.x, 6);
    expect(after.y).toBeCloseTo(before.y, 6);
    svg.dispatch("wheel", event({ clientX: 300, clientY: 120, deltaY: 100 }));
    close(svg.box(), [0, -500, 4000, 3000]);
  });

  it("pans by dragging, keeping the grabbed point under the pointer, and a drag does not follow a link", () => {
    const { svg, window } = page("0.00 0.00 4000.00 3000.00", 1000, 500);
    const grabbed = svg.userAt(100, 100);
    svg.dispatch("pointerdown", event({ clientX: 100, clientY: 100, button: 0 }));
    window.dispatch("pointermove", event({ clientX: 160, clientY: 140 }));
    const under = svg.userAt(160, 140);
    expect(under.x).toBeCloseTo(grabbed.x, 6);
    expect(under.y).toBeCloseTo(grabbed.y, 6);
    window.dispatch("pointerup", event({}));
    expect(svg.dispatch("click", event({})).prevented).toBe(true);
    // A click without a drag follows the node's link to its table row.
    svg.dispatch("pointerdown", event({ clientX: 100, clientY: 100, button: 0 }));
    window.dispatch("pointermove", event({ clientX: 101, clientY: 101 }));
    window.dispatch("pointerup", event({}));
    expect(svg.dispatch("click", event({})).prevented).toBe(false);
    // Moving without a button held pans nothing.
    const box = svg.box();
    window.dispatch("pointermove", event({ clientX: 500, clientY: 400 }));
    expect(svg.box()).toEqual(box);
  });

  it("zooms about the centre with + and −, and fits the whole drawing again", () => {
    const { svg, buttons } = page("0.00 0.00 200.00 100.00", 1000, 500);
    const fitted = svg.box();
    buttons.in!.dispatch("click", event({}));
    close(svg.box(), [-275 + 750 * 0.1, -137.5 + 375 * 0.1, 600, 300]);
    buttons.out!.dispatch("click", event({}));
    buttons.out!.dispatch("click", event({}));
    expect(svg.box()[2]).toBeCloseTo(750 * 1.25, 6);
    buttons.fit!.dispatch("click", event({}));
    close(svg.box(), fitted);
  });
});
