// Layouts different authors write for the same mission all read alike, and what cannot be read
// is a located mission/markdown warning that says what shape was expected.
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../compiler/load/parse-document.js";
import { DEFAULT_LIMITS } from "../../../compiler/load/source-document.js";
import { checkFiles, expectDiagnostics } from "../../helpers/rule-tester.js";

const MANIFEST = "specKit: 1\nname: variants\n";

function read(text: string): { value: Record<string, unknown>; notes: readonly { messageId: string; range: { line: number; column: number } }[] } {
  const parsed = parseDocument("missions/billing.md", new TextEncoder().encode(text), DEFAULT_LIMITS);
  if (!parsed.ok) throw new Error(parsed.finding.message);
  return { value: parsed.document.value as Record<string, unknown>, notes: parsed.document.notes?.() ?? [] };
}

/** The mission every variant below writes. */
const EXPECTED = {
  mission: { id: "billing", title: "Billing Specification", system: "Billing" },
  components: [
    {
      id: "invoice-service",
      name: "Invoice Service",
      responsibilities: ["Issues invoices."],
      interfaces: [{ kind: "rest", address: "POST /invoices", name: "REST" }],
    },
    {
      id: "ledger-writer",
      name: "Ledger Writer",
      responsibilities: ["Records payments."],
      interfaces: [{ kind: "event-bus", address: "payments.*", name: "topic" }],
    },
  ],
  contracts: [{ name: "Invoice", schema: "{ id: UUID, total: number }", producers: ["Invoice Service"], consumers: ["Ledger Writer"] }],
};

const SEED_LAYOUT = `# Billing Specification

## Core Subsystems
- Component: Invoice Service
  - Responsibilities: Issues invoices.
  - Interfaces: REST \`POST /invoices\`.
- Component: Ledger Writer
  - Responsibilities: Records payments.
  - Interfaces: topic \`payments.*\`.

## Data Contracts
- Contract: Invoice
  - Schema: \`{ id: UUID, total: number }\`
  - Producers: Invoice Service.
  - Consumers: Ledger Writer.
`;

const VARIANTS: Record<string, string> = {
  "the seed's layout": SEED_LAYOUT,
  "* lists and strong labels (**Component**:)": SEED_LAYOUT.replaceAll("- ", "* ").replaceAll("Component:", "**Component**:").replaceAll("Schema:", "**Schema:**"),
  "+ lists, deeper headings": SEED_LAYOUT.replaceAll("- ", "+ ").replaceAll("## ", "### "),
  "fields flat after their item": SEED_LAYOUT.replaceAll("\n  - ", "\n- "),
  "fields as lines of one item": SEED_LAYOUT.replaceAll("\n  - ", "\n  "),
  "items as headings": `# Billing Specification

## Core Subsystems
### Component: Invoice Service
- Responsibilities: Issues invoices.
- Interfaces: REST \`POST /invoices\`.

### Ledger Writer
- Responsibilities: Records payments.
- Interfaces: topic \`payments.*\`.

## Data Contracts
### Invoice
- Schema: \`{ id: UUID, total: number }\`
- Producers: Invoice Service.
- Consumers: Ledger Writer.
`,
  "fields as sub-headings and nested lists": `# Billing Specification

## Components

### Component: Invoice Service
#### Responsibilities
- Issues invoices.
#### Interfaces
- REST \`POST /invoices\`

### Component: Ledger Writer
#### Responsibilities
Records payments.
#### Interfaces
- topic \`payments.*\`

## Contracts

### Contract: Invoice
- Schema: \`{ id: UUID, total: number }\`
- Producers:
  - Invoice Service
- Consumers:
  - Ledger Writer
`,
  "bare names with nested fields": SEED_LAYOUT.replace("- Component: Invoice Service", "- **Invoice Service**").replace("- Contract: Invoice", "- Invoice"),
};

describe("Markdown mission layouts", () => {
  for (const [name, text] of Object.entries(VARIANTS)) {
    it(`reads ${name} as the same mission, with nothing left unread`, () => {
      const { value, notes } = read(text);
      expect(notes).toEqual([]);
      expect(value).toEqual(EXPECTED);
      expect(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/billing.md": text }).diagnostics).toEqual([]);
    });
  }

  it("reads CRLF line endings and a fenced notation block", () => {
    const text = SEED_LAYOUT.replace("  - Schema: `{ id: UUID, total: number }`", "  - Schema:\n\n    ```\n    { id: UUID, total: number }\n    ```\n").replaceAll("\n", "\r\n");
    const { value, notes } = read(text);
    expect(notes).toEqual([]);
    expect((value.contracts as { schema: string }[])[0]!.schema).toBe("{ id: UUID, total: number }");
  });
});

describe("a contract schema as JSON Schema in a json block", () => {
  const text = SEED_LAYOUT.replace(
    "  - Schema: `{ id: UUID, total: number }`",
    '  - Schema:\n\n    ```json\n    {\n      "type": "object",\n      "properties": { "id": { "type": "string", "format": "uuid" }, "total": { "type": "number" } },\n      "required": ["id", "total"]\n    }\n    ```\n',
  );

  it("is read as the object, and checks clean", () => {
    const { value, notes } = read(text);
    expect(notes).toEqual([]);
    expect((value.contracts as { schema: unknown }[])[0]!.schema).toEqual({
      type: "object",
      properties: { id: { type: "string", format: "uuid" }, total: { type: "number" } },
      required: ["id", "total"],
    });
    expect(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/billing.md": text }).diagnostics).toEqual([]);
  });

  it("reports a JSON Schema that does not compile at the schema in the Markdown", () => {
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/billing.md": text.replace('"required"', '"requird"') });
    const line = text.split("\n").findIndex((l) => l === "    {") + 1;
    expectDiagnostics(result, "contract/json-schema", [{ ruleId: "contract/json-schema", line, column: 5, message: /unknown keyword: "requird"/ }]);
  });
});

describe("what a Markdown mission cannot read is reported where it is, with the shape expected", () => {
  it("an item without a label under components, an unknown field, a repeated field, a table and a code block", () => {
    const text = `${SEED_LAYOUT.replace("  - Interfaces: REST", "  - Owner: the billing team\n  - Interfaces: REST").replace(
      "  - Producers: Invoice Service.",
      "  - Producers: Invoice Service.\n  - Schema: `{ id: UUID }`",
    )}\n## Core Services\n- Just a sentence about services.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n\`\`\`\nnotes\n\`\`\`\n`;
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/billing.md": text });
    expectDiagnostics(result, "mission/markdown", [
      { ruleId: "mission/markdown", messageId: "unknownField", line: 6, column: 5, message: '"Owner" is not a field of component "Invoice Service"; expected Responsibilities, Interfaces or Id', severity: "warning" },
      { ruleId: "mission/markdown", messageId: "repeatedField", line: 16, column: 5, message: 'contract "Invoice" states "Schema" twice; the first is read' },
      { ruleId: "mission/markdown", messageId: "unreadItem", line: 20, column: 3, message: 'a list item under "Core Services" is not read: expected "- Component: <name>" with the fields Responsibilities and Interfaces' },
      // A table is a paragraph to CommonMark (spec-kit reads no GFM tables).
      { ruleId: "mission/markdown", messageId: "unreadItem", line: 22, column: 1, message: /^a paragraph under "Core Services" is not read: expected/ },
      { ruleId: "mission/markdown", messageId: "unreadBlock", line: 26, column: 1, message: 'a code block under "Core Services" is not read: a mission reads headings, lists and paragraphs' },
    ]);
    expect(result.diagnostics.filter((d) => d.ruleId !== "mission/markdown")).toEqual([]);
  });

  it("a file without a title is named by its file name", () => {
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/billing.md": SEED_LAYOUT.replace("# Billing Specification\n", "") });
    expectDiagnostics(result, "mission/markdown", [{ ruleId: "mission/markdown", messageId: "noTitle", line: 1, column: 1 }]);
  });

  it("a party named only in a contract is an actor when its name says its kind, else unknown", () => {
    const text = SEED_LAYOUT.replace("  - Consumers: Ledger Writer.", "  - Consumers: Ledger Writer, Audit Service, Tax Office, Finance Team.");
    const { value } = read(text);
    expect(value.actors).toEqual([
      { name: "Audit Service", kind: "service" },
      { name: "Finance Team", kind: "human" },
    ]);
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/billing.md": text });
    expectDiagnostics(result, "mission/unknown-party", [{ ruleId: "mission/unknown-party", line: 15, column: 46, message: /consumer "Tax Office"/ }]);
  });
});
