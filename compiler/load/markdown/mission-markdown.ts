/**
 * Reads a mission written in Markdown, as architects write system specifications (seed 001),
 * into the same mission document the YAML form is (schemas/mission.schema.json), with a
 * position tree whose every value points into the Markdown: the item, the field, and each
 * character of a contract's schema notation.
 *
 * The layout it reads: a `# Title`; an overview section (its prose is the description); a
 * section of components (`## Core Subsystems`) whose items are `Component: <name>` with the
 * fields Responsibilities and Interfaces; a section of contracts (`## Data Contracts`) whose
 * items are `Contract: <name>` with Schema, Producers and Consumers; optionally a section of
 * actors; every other section's items and paragraphs are requirements. Authors vary, so
 * `-`, `*` or `+` lists, `**Component**:` or `Component:`, fields nested under the item or
 * following it flat, items as sub-headings, and any heading level are read alike; whatever
 * cannot be read is a note (rule mission/markdown) that says what shape was expected.
 */
import type { Heading, List, ListItem, Nodes, Paragraph, PhrasingContent, Root, RootContent } from "mdast";
import type { MessageData } from "../../diagnostics.js";
import { parseJson } from "../json-parser.js";
import { LineIndex } from "../line-index.js";
import type { PositionNode } from "../position-tree.js";
import { flatten, sliceFlat, spanOf, splitFlat, trimFlat, type FlatText } from "./flat-text.js";
import type { MarkdownMessageId } from "./markdown-messages.js";

/** Something the reading could not take, with where it is written. */
export interface MarkdownNote {
  messageId: MarkdownMessageId;
  start: number;
  end: number;
  data: MessageData;
}

/** A Markdown mission read: the document's value, where each part of it is written, and the notes. */
export interface MarkdownMission {
  value: Record<string, unknown>;
  positions: PositionNode;
  notes: MarkdownNote[];
}

type ItemKind = "component" | "contract" | "actor";
type SectionKind = ItemKind | "overview" | "requirements" | "preamble";

interface FieldSpec {
  key: string;
  /** `list`: several values (nested items, or split at commas); `text`: one value; `schema`: the notation in backticks. */
  shape: "list" | "text" | "schema" | "responsibilities" | "interfaces";
}

const ITEM_LABELS: Readonly<Record<ItemKind, RegExp>> = {
  component: /^(component|subsystem|service|module)$/i,
  contract: /^((data )?contract|data model|message|event)$/i,
  actor: /^(actor|party|external party)$/i,
};

const FIELDS: Readonly<Record<ItemKind, readonly (readonly [RegExp, FieldSpec])[]>> = {
  component: [
    [/^id$/i, { key: "id", shape: "text" }],
    [/^(responsibilities|responsibility|duties)$/i, { key: "responsibilities", shape: "responsibilities" }],
    [/^(interfaces?|apis?|endpoints?)$/i, { key: "interfaces", shape: "interfaces" }],
  ],
  contract: [
    [/^(schema|shape|fields)$/i, { key: "schema", shape: "schema" }],
    [/^(producers?|produced by|publishers?)$/i, { key: "producers", shape: "list" }],
    [/^(consumers?|consumed by|subscribers?)$/i, { key: "consumers", shape: "list" }],
    [/^description$/i, { key: "description", shape: "text" }],
  ],
  actor: [
    [/^kind$/i, { key: "kind", shape: "text" }],
    [/^description$/i, { key: "description", shape: "text" }],
  ],
};

const EXPECTED_ITEM: Readonly<Record<ItemKind, string>> = {
  component: '"- Component: <name>" with the fields Responsibilities and Interfaces',
  contract: '"- Contract: <name>" with the fields Schema, Producers and Consumers',
  actor: '"- Actor: <name>" with the fields Kind and Description',
};

const EXPECTED_FIELDS: Readonly<Record<ItemKind, string>> = {
  component: "Responsibilities, Interfaces or Id",
  contract: "Schema, Producers, Consumers or Description",
  actor: "Kind or Description",
};

/** Section headings by the words they use; anything else is a section of requirements. */
function sectionKind(title: string): SectionKind {
  if (/\b(actors?|parties|stakeholders|personas?)\b/i.test(title)) return "actor";
  if (/\b(contracts?|data models?|schemas?|messages)\b/i.test(title)) return "contract";
  if (/\b(components?|subsystems?|services|modules)\b/i.test(title)) return "component";
  if (/\b(overview|summary|introduction|purpose|background|context)\b/i.test(title)) return "overview";
  return "requirements";
}

/** Interface kinds by the words of the interface, most specific first. */
const INTERFACE_KINDS: readonly (readonly [RegExp, string])[] = [
  [/\bledger\b/i, "ledger"],
  [/\bwebsockets?\b|\bwss?:\/\//i, "websocket"],
  [/\bgrpc\b/i, "grpc"],
  [/\bredis\b/i, "redis"],
  [/\bs3\b|^s3:\/\//i, "s3"],
  [/\bsql\b|\bwarehouse\b|\bdatabase\b/i, "sql"],
  [/\bjest\b|\bvitest\b|\bpytest\b|\btest runner\b/i, "test-runner"],
  [/\bchaos/i, "chaos"],
  [/\bmetrics?\b|\bprometheus\b/i, "metrics"],
  [/\bevent bus\b|\btopics?\b|\bstream\b|\bkafka\b|\bqueue\b|\bevents?\b/i, "event-bus"],
  [/\bcli\b|\bcommand\b/i, "cli"],
  [/\bfile\b|\bfile-backed\b/i, "file"],
  [/\brest\b|^(get|post|put|patch|delete) \//i, "rest"],
  [/\bhttps?:\/\/|\bhttp\b|\bendpoint\b/i, "http"],
];

/** Actor kinds by the last word of a party's name (Trusted CLI, Audit Service, Release Control Board dashboard). */
const ACTOR_KINDS: readonly (readonly [RegExp, string])[] = [
  [/^(cli|tool|script|bot|sdk)$/i, "tool"],
  [/^(service|api|server|gateway|backend|system)$/i, "service"],
  [/^(dashboard|ui|console|portal)$/i, "dashboard"],
  [/^(pipeline|stream)$/i, "pipeline"],
  [/^(team|operator|operators|user|users|reviewer|reviewers|owner|engineer|engineers|human|humans|board|admin|administrator)$/i, "human"],
];

/** The kind of party a name says it is by its last word, if it says one. */
export function actorKindOf(name: string): string | undefined {
  const last = name.trim().split(/\s+/).pop() ?? "";
  return ACTOR_KINDS.find(([pattern]) => pattern.test(last))?.[1];
}

/** Kebab-case id from a name: `Mission Control Orchestrator` -> `mission-control-orchestrator`. */
export function kebabId(name: string): string {
  const slug = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return /^[a-z]/.test(slug) ? slug : `x-${slug}`.replace(/-+$/, "");
}

/** The system a title names: `AgentNexus Technical Specification (Final)` -> `AgentNexus`. */
export function systemOf(title: string): string {
  let system = title.replace(/\([^)]*\)/g, " ").replace(/\s+/g, " ").trim();
  const trailer = /\s*[-–—:]?\s*\b((technical|system|software|functional|product|mission|architecture|design)\s+)*(specification|spec|design|document|overview|requirements|architecture)s?$/i;
  for (let i = 0; i < 3 && trailer.test(system); i++) system = system.replace(trailer, "").trim();
  return system === "" ? title.trim() : system;
}

// ---------------------------------------------------------------------------------------------
// Building the value and its positions together.

/** A value and where it is written. */
export interface Built {
  value: unknown;
  node: PositionNode;
}

/** A string value read from flat text, with the offset of each character. */
export function stringOf(flat: FlatText, fallback: number): Built {
  const [start, end] = spanOf(flat, fallback);
  // A soft line break inside a value is a space, as it is when the Markdown is rendered.
  return { value: flat.text.replace(/\r?\n/g, (end) => " ".repeat(end.length)).replace(/\r/g, " "), node: { start, end, offsets: flat.offsets } };
}

/** A value spec-kit derived (an id, a kind), located at the text it came from. */
export function plainString(value: string, start: number, end: number): Built {
  return { value, node: { start, end } };
}

/** An object of the document and its position node, built together. */
export class ObjectBuilder {
  readonly value: Record<string, unknown> = {};
  readonly node: PositionNode;

  constructor(start: number, end: number) {
    this.node = { start, end, members: new Map() };
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.value, key);
  }

  set(key: string, keySpan: readonly [number, number], built: Built): void {
    this.value[key] = built.value;
    this.node.members!.set(key, { keyStart: keySpan[0], keyEnd: keySpan[1], value: built.node });
  }

  get built(): Built {
    return { value: this.value, node: this.node };
  }
}

/** An array of the document and its position node, built together. */
export class ArrayBuilder {
  readonly value: unknown[] = [];
  readonly node: PositionNode;

  constructor(start: number, end: number) {
    this.node = { start, end, elements: [] };
  }

  push(built: Built): void {
    this.value.push(built.value);
    this.node.elements!.push(built.node);
    this.node.start = Math.min(this.node.start, built.node.start);
    this.node.end = Math.max(this.node.end, built.node.end);
  }

  get built(): Built {
    return { value: this.value, node: this.node };
  }
}

// ---------------------------------------------------------------------------------------------

/** A node's source span. */
export function span(node: Nodes): [number, number] {
  return [node.position?.start.offset ?? 0, node.position?.end.offset ?? 0];
}

/** A labelled line: `Label: rest`, the label's span and the rest. */
export interface Labelled {
  label: string;
  labelSpan: [number, number];
  rest: FlatText;
}

/** Reads `Label: rest` (emphasis around the label already gone: `**Label**:` and `**Label:**` alike). */
export function labelled(flat: FlatText, fallback: number): Labelled | undefined {
  const match = /^\s*([A-Za-z][A-Za-z0-9 _/-]{0,40}?)\s*:(?!\/)/.exec(flat.text);
  if (!match) return undefined;
  const labelFlat = trimFlat(sliceFlat(flat, 0, match[0].length - 1));
  if (labelFlat.code.length > 0) return undefined;
  return { label: labelFlat.text, labelSpan: spanOf(labelFlat, fallback), rest: trimFlat(sliceFlat(flat, match[0].length)) };
}

/**
 * Cuts a paragraph into its labelled parts: a new part starts at each line that opens with the
 * label of an item or of a field of `kind`; other lines continue the part before them.
 */
function lines(flat: FlatText, kind?: ItemKind): FlatText[] {
  const all = splitLines(flat);
  const starts: number[] = [];
  let offset = 0;
  all.forEach((line, index) => {
    const label = index === 0 ? undefined : labelled(line, 0);
    if (index === 0 || (label && (itemKindOf(label.label) !== undefined || (kind !== undefined && fieldOf(kind, label.label) !== undefined)))) starts.push(offset);
    offset += line.text.length + 1;
  });
  return starts.map((start, index) => trimFlat(sliceFlat(flat, start, (starts[index + 1] ?? flat.text.length + 1) - 1)));
}

function splitLines(flat: FlatText): FlatText[] {
  const out: FlatText[] = [];
  let from = 0;
  for (let i = 0; i < flat.text.length; i++) {
    if (flat.text[i] === "\n") {
      out.push(sliceFlat(flat, from, i));
      from = i + 1;
    }
  }
  out.push(sliceFlat(flat, from));
  return out;
}

/** The flat text of a paragraph or heading. */
export function flatOf(node: Paragraph | Heading, source: string): FlatText {
  return flatten(node.children as PhrasingContent[], source, span(node)[0]);
}

/** One item being read: a component, contract or actor. */
class Item {
  readonly object: ObjectBuilder;
  readonly seen = new Set<string>();
  /** The list fields read so far, by key. */
  readonly lists = new Map<string, ArrayBuilder>();

  constructor(
    readonly kind: ItemKind,
    readonly name: string,
    start: number,
    end: number,
  ) {
    this.object = new ObjectBuilder(start, end);
  }

  extend(end: number): void {
    this.object.node.end = Math.max(this.object.node.end, end);
  }
}

interface Section {
  kind: SectionKind;
  title: string;
  slug: string;
  depth: number;
  /** Requirements numbered so far in this section. */
  count: number;
}

class Reader {
  readonly notes: MarkdownNote[] = [];
  readonly root: ObjectBuilder;
  readonly mission: ObjectBuilder;
  readonly lists: Record<ItemKind | "requirements", ArrayBuilder>;
  section: Section;
  item: Item | undefined;
  /** The depth of the heading that opened the current item, when a heading did. */
  itemDepth: number | undefined;
  title: Built | undefined;
  /** A field named by a sub-heading of an item, whose values are the blocks that follow. */
  pendingField: Labelled | undefined;
  description: FlatText[] = [];
  readonly requirementIds = new Set<string>();

  constructor(
    readonly source: string,
    readonly missionId: string,
  ) {
    this.root = new ObjectBuilder(0, source.length);
    this.mission = new ObjectBuilder(0, 0);
    this.lists = {
      component: new ArrayBuilder(source.length, 0),
      contract: new ArrayBuilder(source.length, 0),
      actor: new ArrayBuilder(source.length, 0),
      requirements: new ArrayBuilder(source.length, 0),
    };
    this.section = { kind: "preamble", title: "(before the first section)", slug: "preamble", depth: 0, count: 0 };
  }

  note(messageId: MarkdownMessageId, at: readonly [number, number], data: MessageData): void {
    this.notes.push({ messageId, start: at[0], end: at[1], data });
  }

  // --- blocks -------------------------------------------------------------------------------

  block(node: RootContent): void {
    switch (node.type) {
      case "heading":
        this.heading(node);
        return;
      case "list":
        this.list(node);
        return;
      case "paragraph":
        this.paragraph(node);
        return;
      case "thematicBreak":
      case "definition":
      case "html":
        return;
      case "blockquote":
        for (const child of node.children) this.block(child);
        return;
      default:
        this.note("unreadBlock", span(node), { what: blockName(node.type), section: this.section.title });
    }
  }

  heading(node: Heading): void {
    const flat = trimFlat(flatOf(node, this.source));
    const at = span(node);
    this.pendingField = undefined;
    if (this.item && this.itemDepth !== undefined && node.depth > this.itemDepth) {
      // A sub-heading inside an item opened by a heading names a field; its content follows.
      const spec = fieldOf(this.item.kind, flat.text);
      if (spec) this.pendingField = { label: flat.text, labelSpan: spanOf(flat, at[0]), rest: sliceFlat(flat, flat.text.length) };
      else this.note("unknownField", at, { field: flat.text.slice(0, 40), kind: this.item.kind, name: this.item.name, expected: EXPECTED_FIELDS[this.item.kind] });
      return;
    }
    this.closeItem();
    if (node.depth === 1 && this.title === undefined && this.section.kind === "preamble") {
      this.title = stringOf(flat, at[0]);
      return;
    }
    const label = labelled(flat, at[0]);
    const itemKind = label && itemKindOf(label.label);
    if (label && itemKind) {
      this.openItem(itemKind, label.rest, at, label.labelSpan);
      this.itemDepth = node.depth;
      return;
    }
    if ((this.section.kind === "component" || this.section.kind === "contract" || this.section.kind === "actor") && node.depth > this.section.depth) {
      this.openItem(this.section.kind, flat, at, spanOf(flat, at[0]));
      this.itemDepth = node.depth;
      return;
    }
    this.section = { kind: sectionKind(flat.text), title: flat.text, slug: kebabId(flat.text).slice(0, 48), depth: node.depth, count: 0 };
  }

  paragraph(node: Paragraph): void {
    const flat = flatOf(node, this.source);
    const at = span(node);
    if (this.item && this.pendingField) {
      this.field({ ...this.pendingField, rest: trimFlat(flat) }, at, []);
      return;
    }
    const kind = this.section.kind;
    if (kind === "overview" || (kind === "preamble" && this.title !== undefined && !this.item)) {
      this.description.push(trimFlat(flat));
      return;
    }
    if (kind === "requirements" || kind === "preamble") {
      this.requirement(trimFlat(flat), at);
      return;
    }
    this.itemLines(lines(flat, kind), at, kind, true);
  }

  list(node: List): void {
    if (this.item && this.pendingField) {
      this.field(this.pendingField, span(node), [node]);
      return;
    }
    for (const listItem of node.children) this.listItem(listItem);
  }

  listItem(node: ListItem): void {
    const at = span(node);
    const kind = this.section.kind;
    const [first, ...rest] = node.children;
    if (kind === "requirements" || kind === "preamble" || kind === "overview") {
      if (first?.type === "paragraph") this.requirement(trimFlat(flatOf(first, this.source)), span(first));
      else if (first) this.block(first);
      for (const child of rest) this.requirementBlock(child);
      return;
    }
    if (first?.type !== "paragraph") {
      this.note("unreadItem", at, { what: "a list item", section: this.section.title, expected: EXPECTED_ITEM[kind] });
      return;
    }
    const itemLines = lines(flatOf(first, this.source), kind);
    const opened = this.itemLines(itemLines, span(first), kind, false, rest);
    if (opened !== "item") return;
    for (const child of rest) {
      if (child.type === "list") {
        for (const fieldItem of child.children) this.fieldItem(fieldItem);
      } else if (child.type === "paragraph") {
        for (const line of lines(flatOf(child, this.source), this.item?.kind)) this.fieldLine(line, span(child), []);
      } else {
        this.note("unreadBlock", span(child), { what: blockName(child.type), section: this.section.title });
      }
    }
    this.item?.extend(at[1]);
  }

  /** A block nested in a requirement's list item: nested items are requirements too. */
  requirementBlock(node: RootContent): void {
    if (node.type === "list") this.list(node);
    else if (node.type === "paragraph") this.requirement(trimFlat(flatOf(node, this.source)), span(node));
    else this.block(node);
  }

  /**
   * The lines of a paragraph in a section of items: the first opens an item (`Component: X`,
   * or a bare name when fields follow), the others are fields. A field line with no item
   * open yet is a note. Returns `item` when it opened an item (the nested blocks are its
   * fields), `field` when it read a field of the open item (the nested blocks were its values).
   */
  itemLines(itemLines: FlatText[], at: [number, number], kind: ItemKind, standalone: boolean, nested: readonly RootContent[] = []): "item" | "field" | undefined {
    const [head, ...others] = itemLines;
    if (!head) return undefined;
    const label = labelled(head, at[0]);
    const itemKind = label && itemKindOf(label.label);
    if (label && itemKind) {
      this.closeItem();
      this.openItem(itemKind, label.rest, at, label.labelSpan);
    } else if (label && this.item && fieldOf(this.item.kind, label.label)) {
      // Flat layout: the field follows its item at the same level.
      this.fieldLine(head, at, nested);
      for (const line of others) this.fieldLine(line, at, []);
      return "field";
    } else if (!standalone && !label && hasFieldItems(nested, kind, this.source)) {
      this.closeItem();
      this.openItem(kind, trimFlat(head, ":"), at, spanOf(head, at[0]));
    } else {
      this.note("unreadItem", at, { what: standalone ? "a paragraph" : "a list item", section: this.section.title, expected: EXPECTED_ITEM[kind] });
      return undefined;
    }
    for (const line of others) this.fieldLine(line, at, []);
    return "item";
  }

  openItem(kind: ItemKind, nameFlat: FlatText, at: readonly [number, number], labelSpan: readonly [number, number]): void {
    const name = trimFlat(nameFlat, ".");
    const item = new Item(kind, name.text, at[0], at[1]);
    const nameBuilt = stringOf(name, labelSpan[1]);
    if (kind === "component") {
      item.object.set("id", labelSpan, plainString(kebabId(name.text), nameBuilt.node.start, nameBuilt.node.end));
      item.object.set("name", labelSpan, nameBuilt);
    } else item.object.set("name", labelSpan, nameBuilt);
    this.item = item;
  }

  closeItem(): void {
    const item = this.item;
    this.item = undefined;
    this.itemDepth = undefined;
    if (!item) return;
    this.lists[item.kind].push(item.object.built);
  }

  fieldItem(node: ListItem): void {
    const [first, ...rest] = node.children;
    if (first?.type !== "paragraph") {
      this.note("unreadItem", span(node), { what: "a field", section: this.section.title, expected: EXPECTED_FIELDS[this.item!.kind] });
      return;
    }
    const [head, ...others] = lines(flatOf(first, this.source), this.item!.kind);
    if (head) this.fieldLine(head, span(first), rest);
    for (const line of others) this.fieldLine(line, span(first), []);
  }

  fieldLine(line: FlatText, at: [number, number], nested: readonly RootContent[]): void {
    const item = this.item;
    if (!item) return;
    if (line.text === "" && nested.length === 0) return;
    const label = labelled(line, at[0]);
    if (!label || !fieldOf(item.kind, label.label)) {
      const where = label ? label.labelSpan : spanOf(line, at[0]);
      this.note("unknownField", where, { field: label?.label ?? line.text.slice(0, 40), kind: item.kind, name: item.name, expected: EXPECTED_FIELDS[item.kind] });
      return;
    }
    this.field(label, at, nested);
  }

  /** One field of the open item: its label, its inline value and the blocks nested under it. */
  field(label: Labelled, at: [number, number], nested: readonly RootContent[]): void {
    const item = this.item;
    const spec = item && fieldOf(item.kind, label.label);
    if (!item || !spec) return;
    item.extend(Math.max(at[1], label.labelSpan[1]));
    const listy = spec.shape === "list" || spec.shape === "interfaces" || spec.shape === "responsibilities";
    if (item.seen.has(spec.key) && !listy) {
      this.note("repeatedField", label.labelSpan, { kind: item.kind, name: item.name, field: label.label });
      return;
    }
    item.seen.add(spec.key);
    if (!listy) {
      this.scalarField(item, spec, label, nested);
      return;
    }
    // A list field stated again adds to the values already read (the key stays where it was first written).
    let list = item.lists.get(spec.key);
    if (!list) {
      list = new ArrayBuilder(label.labelSpan[1], label.labelSpan[1]);
      item.lists.set(spec.key, list);
      item.object.set(spec.key, label.labelSpan, list.built);
    }
    for (const part of this.listValues(spec, label.rest, nested)) list.push(this.listValue(spec, part));
  }

  scalarField(item: Item, spec: FieldSpec, label: Labelled, nested: readonly RootContent[]): void {
    if (spec.shape === "schema") {
      const code = label.rest.code[0];
      if (code) {
        item.object.set(spec.key, label.labelSpan, stringOf(sliceFlat(label.rest, code[0], code[1]), label.labelSpan[1]));
        return;
      }
      const block = nested.find((node) => node.type === "code");
      if (block && block.type === "code") {
        const [from, to] = span(block);
        const offsets = alignBlock(block.value, this.source, from, to);
        const json = /^json5?c?$/i.test(block.lang ?? "") ? jsonSchema(block.value, offsets) : undefined;
        item.object.set(spec.key, label.labelSpan, json ?? { value: block.value, node: { start: offsets[0] ?? from, end: to, offsets } });
        return;
      }
    }
    const text = spec.key === "id" || spec.key === "kind" ? trimFlat(label.rest, ".") : label.rest;
    item.object.set(spec.key, label.labelSpan, stringOf(text, label.labelSpan[1]));
  }

  /** The values of a list field: nested items, else the inline text split at commas and semicolons. */
  listValues(spec: FieldSpec, inline: FlatText, nested: readonly RootContent[]): FlatText[] {
    const out: FlatText[] = [];
    if (inline.text !== "") {
      if (spec.shape === "responsibilities") out.push(inline);
      else
        for (const part of splitFlat(inline, ",;")) {
          let value = trimFlat(part, ".");
          const and = /^(and|&)\s+/i.exec(value.text);
          if (and) value = trimFlat(sliceFlat(value, and[0].length));
          if (value.text !== "") out.push(value);
        }
    }
    for (const node of nested) {
      if (node.type !== "list") continue;
      for (const entry of node.children) {
        const first = entry.children[0];
        if (first?.type === "paragraph") out.push(trimFlat(flatOf(first, this.source), spec.shape === "responsibilities" ? "" : "."));
      }
    }
    return out;
  }

  listValue(spec: FieldSpec, part: FlatText): Built {
    const fallback = part.offsets[0] ?? 0;
    if (spec.shape !== "interfaces") return stringOf(part, fallback);
    const object = new ObjectBuilder(...spanOf(part, fallback));
    const code = part.code[0];
    const label = code ? trimFlat(sliceFlat(part, 0, code[0]).text !== "" ? sliceFlat(part, 0, code[0]) : sliceFlat(part, code[1])) : part;
    const address = code ? sliceFlat(part, code[0], code[1]) : part;
    const kind = INTERFACE_KINDS.find(([pattern]) => pattern.test(label.text) || pattern.test(address.text))?.[1] ?? "other";
    const whole = spanOf(part, fallback);
    object.set("kind", whole, plainString(kind, whole[0], whole[1]));
    object.set("address", spanOf(address, fallback), stringOf(address, fallback));
    if (code && label.text !== "") object.set("name", spanOf(label, fallback), stringOf(label, fallback));
    return object.built;
  }

  requirement(flat: FlatText, at: readonly [number, number]): void {
    if (flat.text === "") return;
    const section = this.section;
    let id: string;
    do id = `${section.slug}-${++section.count}`;
    while (this.requirementIds.has(id));
    this.requirementIds.add(id);
    const object = new ObjectBuilder(at[0], at[1]);
    const start = spanOf(flat, at[0]);
    object.set("id", start, plainString(id, start[0], start[1]));
    object.set("section", start, plainString(section.title, start[0], start[1]));
    object.set("text", start, stringOf(flat, at[0]));
    this.lists.requirements.push(object.built);
  }

  // --- the document ---------------------------------------------------------------------------

  finish(): MarkdownMission {
    this.closeItem();
    const titleAt: [number, number] = this.title ? [this.title.node.start, this.title.node.end] : [0, 0];
    if (!this.title) this.note("noTitle", [0, 0], { id: this.missionId });
    const title = typeof this.title?.value === "string" && this.title.value !== "" ? this.title.value : this.missionId;
    this.mission.node.start = titleAt[0];
    this.mission.node.end = titleAt[1];
    this.mission.set("id", titleAt, plainString(this.missionId, ...titleAt));
    this.mission.set("title", titleAt, this.title ?? plainString(title, ...titleAt));
    this.mission.set("system", titleAt, plainString(systemOf(title), ...titleAt));
    const description = this.description.filter((part) => part.text !== "");
    if (description.length > 0) {
      const first = description[0]!;
      const [start] = spanOf(first, 0);
      const end = spanOf(description[description.length - 1]!, 0)[1];
      this.mission.set("description", [start, start], description.length === 1 ? stringOf(first, start) : plainString(description.map((part) => part.text.replace(/\r?\n/g, " ")).join("\n\n"), start, end));
    }
    this.root.set("mission", titleAt, this.mission.built);
    this.inferActors();
    for (const [key, kind] of [["actors", "actor"], ["components", "component"], ["contracts", "contract"], ["requirements", "requirements"]] as const) {
      const list = this.lists[kind];
      if (list.value.length === 0) continue;
      this.root.set(key, [list.node.start, list.node.start], list.built);
    }
    return { value: this.root.value, positions: this.root.node, notes: this.notes };
  }

  /**
   * Parties that contracts name but no component or actor declares become actors when their
   * name says what kind of party they are (`Trusted CLI`, `Audit Service`, `Release Control
   * Board dashboard`); any other undeclared name stays unknown (rule mission/unknown-party).
   */
  inferActors(): void {
    const declared = new Set<string>();
    for (const list of [this.lists.component, this.lists.actor]) {
      for (const value of list.value) {
        for (const key of ["id", "name"]) {
          const text = (value as Record<string, unknown>)[key];
          if (typeof text === "string") declared.add(text);
        }
      }
    }
    this.lists.contract.value.forEach((contract, index) => {
      const members = this.lists.contract.node.elements![index]!.members!;
      for (const key of ["producers", "consumers"]) {
        const parties = (contract as Record<string, unknown>)[key];
        if (!Array.isArray(parties)) continue;
        parties.forEach((party, at) => {
          if (typeof party !== "string" || declared.has(party)) return;
          const kind = actorKindOf(party);
          if (kind === undefined) return;
          declared.add(party);
          const node = members.get(key)!.value.elements![at]!;
          const actor = new ObjectBuilder(node.start, node.end);
          actor.set("name", [node.start, node.end], { value: party, node });
          actor.set("kind", [node.start, node.end], plainString(kind, node.start, node.end));
          this.lists.actor.push(actor.built);
        });
      }
    });
  }
}

function itemKindOf(label: string): ItemKind | undefined {
  return (Object.keys(ITEM_LABELS) as ItemKind[]).find((kind) => ITEM_LABELS[kind].test(label));
}

function fieldOf(kind: ItemKind, label: string): FieldSpec | undefined {
  return FIELDS[kind].find(([pattern]) => pattern.test(label))?.[1];
}

/** Whether a list item's nested lists hold fields of `kind` (a bare name with fields under it is an item). */
function hasFieldItems(nested: readonly RootContent[], kind: ItemKind, source: string): boolean {
  return nested.some(
    (node) =>
      node.type === "list" &&
      node.children.some((entry) => {
        const first = entry.children[0];
        if (first?.type !== "paragraph") return false;
        const label = labelled(flatOf(first, source), 0);
        return label !== undefined && fieldOf(kind, label.label) !== undefined;
      }),
  );
}

/**
 * A contract schema written as JSON in a ```json block: the parsed object, its positions moved
 * from the block's text to the Markdown. Undefined when the block is not a JSON object (its
 * text is then read as notation, whose check reports where it fails).
 */
function jsonSchema(text: string, offsets: readonly number[]): Built | undefined {
  const parsed = parseJson(text, { maxDepth: MAX_JSON_DEPTH, lines: new LineIndex(text), positions: true });
  if (!parsed.ok || !parsed.positions || typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) return undefined;
  const at = (index: number): number => offsets[Math.min(index, offsets.length - 1)] ?? 0;
  const move = (node: PositionNode): PositionNode => {
    const moved: PositionNode = { start: at(node.start), end: node.end > node.start ? at(node.end - 1) + 1 : at(node.start) };
    if (node.members) moved.members = new Map([...node.members].map(([key, member]) => [key, { keyStart: at(member.keyStart), keyEnd: member.keyEnd > member.keyStart ? at(member.keyEnd - 1) + 1 : at(member.keyStart), value: move(member.value) }]));
    if (node.elements) moved.elements = node.elements.map(move);
    return moved;
  };
  return { value: parsed.value, node: move(parsed.positions) };
}

/** Deepest nesting of a JSON Schema in a Markdown mission (the contract check allows 128 levels). */
const MAX_JSON_DEPTH = 160;

/** Offsets of a fenced or indented code block's value in its source span (indentation skipped). */
function alignBlock(value: string, source: string, from: number, to: number): number[] {
  const newline = source.indexOf("\n", from);
  const contentFrom = newline === -1 || newline >= to ? from : newline + 1;
  const out: number[] = [];
  let at = contentFrom;
  for (let i = 0; i < value.length; i++) {
    while (at < to && source[at] !== value[i]) at++;
    out.push(Math.min(at, to));
    at++;
  }
  return out;
}

function blockName(type: string): string {
  switch (type) {
    case "code":
      return "a code block";
    case "table":
      return "a table";
    default:
      return `a ${type}`;
  }
}

/** The mission id a file name gives: `missions/agentnexus.md` -> `agentnexus`. */
export function missionIdOf(file: string): string {
  const base = file.split("/").pop() ?? file;
  return kebabId(base.replace(/\.(md|markdown)$/i, "")) || "mission";
}

/** Reads a parsed Markdown document (an mdast root) as a mission specification. */
export function readMarkdownMission(tree: Root, source: string, file: string): MarkdownMission {
  const reader = new Reader(source, missionIdOf(file));
  for (const node of tree.children) reader.block(node);
  return reader.finish();
}
