import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJson } from "../../compiler/load/json-parser.js";
import { LineIndex } from "../../compiler/load/line-index.js";
import { parseMessage } from "../../compiler/load/parse-messages.js";

function parse(text: string, maxDepth = 64) {
  return parseJson(text, { maxDepth, lines: new LineIndex(text) });
}

/** The error of a text that must fail, as `line:column message`. */
function failure(text: string, maxDepth = 64): string {
  const result = parse(text, maxDepth);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to fail`);
  const { line, column } = new LineIndex(text).position(result.error.start);
  return `${line}:${column} ${parseMessage(result.error.id, result.error.data)}`;
}

describe("parseJson accepts what JSON.parse accepts", () => {
  it.each([
    ["0", 0],
    ["-0.5e+3", -500],
    ["1E2", 100],
    ['"a\\u00e9\\n\\"\\\\\\/\\b\\f\\r\\t"', 'aé\n"\\/\b\f\r\t'],
    ['"\\ud83d\\ude80"', "🚀"],
    [' { "a" : [ true , false , null ] } ', { a: [true, false, null] }],
    ["[]", []],
    ["{}", {}],
  ])("%s", (text, expected) => {
    expect(parse(text)).toEqual({ ok: true, value: expected });
  });

  it("agrees with JSON.parse on arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const result = parse(text, 1000);
        expect(result.ok).toBe(true);
        if (result.ok) expect(JSON.stringify(result.value)).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary text: it parses or reports an in-bounds error", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."{}[]\":,0-1.eE \n\\tfnu\"a") }), (text) => {
        const result = parse(text);
        let native: unknown;
        let nativeOk = true;
        try {
          native = JSON.parse(text);
        } catch {
          nativeOk = false;
        }
        if (result.ok) {
          expect(nativeOk).toBe(true);
          expect(result.value).toEqual(native);
        } else {
          expect(result.error.start).toBeGreaterThanOrEqual(0);
          expect(result.error.start).toBeLessThanOrEqual(text.length);
          // Only duplicate keys are refused where JSON.parse succeeds.
          if (nativeOk) expect(result.error.id).toBe("duplicateKey");
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("parseJson reports syntax errors at their exact position", () => {
  it.each([
    ['{"a": 1,}', "1:9 unexpected character '}', expected a key string"],
    ['{"a": 1\n  "b": 2}', "2:3 unexpected character '\"', expected ',' or '}'"],
    ["[1, 2", "1:6 unexpected end of file, expected ',' or ']'"],
    ["[1 2]", "1:4 unexpected character '2', expected ',' or ']'"],
    ['{"a" 1}', "1:6 unexpected character '1', expected ':'"],
    ["{'a': 1}", "1:2 unexpected character ''', expected a key string"],
    ["[tru]", "1:2 unexpected character 't', expected a value"],
    ["[01]", "1:3 unexpected character '1', expected ',' or ']'"],
    ["[1.]", "1:2 invalid number '1.]'"],
    ["[-]", "1:2 invalid number '-]'"],
    ['{"a": "x\ny"}', "1:7 unterminated string"],
    ['["a\tb"]', "1:4 unescaped control character U+0009 in a string"],
    ['["\\x"]', "1:3 invalid escape sequence in a string"],
    ['["\\u12"]', "1:3 invalid escape sequence in a string"],
    ['{"a": 1} x', "1:10 unexpected character 'x' after the end of the document"],
    ["\r\n\r\n  }", "3:3 unexpected character '}', expected a value"],
    ['{"k": "🚀" ]', "1:12 unexpected character ']', expected ',' or '}'"],
    ["", "1:1 unexpected end of file, expected a value"],
  ])("%j", (text, expected) => {
    expect(failure(text)).toBe(expected);
  });

  it("names a duplicate key and the line of its first definition", () => {
    expect(failure('{\n "a": 1,\n "b": {"a": 2},\n "a": 3\n}')).toBe('4:2 duplicate key "a": it is already defined on line 2');
  });

  it("names the first definition's line in the recording pass too", () => {
    const text = '{"a": 1,\n"a": 2}';
    const result = parseJson(text, { maxDepth: 64, lines: new LineIndex(text), positions: true });
    expect(result.ok ? undefined : parseMessage(result.error.id, result.error.data)).toBe('duplicate key "a": it is already defined on line 1');
  });

  it("admits exactly maxDepth levels of nesting", () => {
    expect(parse("[[[1]]]", 3).ok).toBe(true);
    expect(failure("[[[[1]]]]", 3)).toBe("1:4 nesting is deeper than the limit of 3 levels");
    expect(failure('{"a": {"b": {"c": {}}}}', 3)).toBe("1:19 nesting is deeper than the limit of 3 levels");
  });
});

describe("parseJson positions", () => {
  it("records key and value spans when asked", () => {
    const text = '{\n  "a": [1, {"b": "x"}]\n}';
    const result = parseJson(text, { maxDepth: 64, lines: new LineIndex(text), positions: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const a = result.positions?.members?.get("a");
    expect(a && text.slice(a.keyStart, a.keyEnd)).toBe('"a"');
    expect(a && text.slice(a.value.start, a.value.end)).toBe('[1, {"b": "x"}]');
    const b = a?.value.elements?.[1]?.members?.get("b")?.value;
    expect(b && text.slice(b.start, b.end)).toBe('"x"');
  });
});

describe("parseJson's JSON.parse fast path", () => {
  /** The strict parser's answer: asking for positions always takes it. */
  function strict(text: string, maxDepth = 64) {
    const result = parseJson(text, { maxDepth, lines: new LineIndex(text), positions: true });
    return result.ok ? { ok: true, value: result.value } : result;
  }

  it("gives the strict parser's value or refusal, duplicate keys and depth included", () => {
    const texts = [
      '{"a": 1, "a": 2}',
      '{"a": {"b": 1, "c": {"b": 2}}, "x": [{"k": 1, "k": 1}]}',
      '{"a:b": "c:d", "e\\":": ":"}',
      '{"\\\\": 1, "\\\\\\"": 2, "k": "\\\\"}',
      '{"__proto__": {"polluted": true}, "b": 1}',
      '{"__proto__": 1, "__proto__": 2}',
      "[[[[1]]]]",
      '{"a": [{"b": [{"c": {}}]}]}',
      '{"a": 1,}',
      "\uFEFF{}",
      '{"n": 1e400, "m": -0}',
    ];
    for (const text of texts) {
      for (const depth of [2, 3, 4, 64]) expect(parse(text, depth), `${text} at depth ${depth}`).toEqual(strict(text, depth));
    }
  });

  it("agrees with the strict parser on arbitrary JSON texts, with and without a duplicated member", () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), (text, cut) => {
        expect(parse(text)).toEqual(strict(text));
        // Repeat the first member of the text's first object, if any: a duplicate key.
        const open = text.indexOf("{\"");
        const comma = text.indexOf(",", open);
        if (open >= 0 && comma > open) {
          const doubled = `${text.slice(0, comma + 1)}${text.slice(open + 1, comma)},${text.slice(comma + 1)}`;
          expect(parse(doubled)).toEqual(strict(doubled));
        }
        const broken = text.slice(0, cut % (text.length + 1));
        expect(parse(broken)).toEqual(strict(broken));
      }),
      { numRuns: 500 },
    );
  });
});
