import { describe, it, expect } from "vitest";
import { checkFiles, expectDiagnostics } from "../../helpers/rule-tester.js";

const MANIFEST = "specKit: 1\nname: x\n";
const mission = (components: string) => `mission: { id: m, title: M, system: S }\ncomponents:\n${components}`;
const component = (id: string, name: string) => `  - { id: ${id}, name: ${name}, responsibilities: [r], interfaces: [] }\n`;

describe("mission/duplicate-component", () => {
  it("passes distinct components", () => {
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": mission(component("a", "A") + component("b", "B")) });
    expect(result.diagnostics).toEqual([]);
  });

  it("reports a repeated id at the later component's id, and a repeated name at its name", () => {
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.yaml": mission(component("a", "A") + component("a", "B") + component("c", "A")) });
    expectDiagnostics(result, "mission/duplicate-component", [
      { ruleId: "mission/duplicate-component", messageId: "duplicateId", line: 4, column: 11, message: 'component id "a" is already the id of component #1 ("A")' },
      { ruleId: "mission/duplicate-component", messageId: "duplicateName", line: 5, column: 20, message: 'component name "A" is already the name of component #1' },
    ]);
  });

  it("reports a component repeated in Markdown at its name", () => {
    const md = "# M\n\n## Components\n- Component: Vault\n  - Responsibilities: r\n  - Interfaces: REST `GET /a`\n- Component: Vault\n  - Responsibilities: s\n  - Interfaces: REST `GET /b`\n";
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/m.md": md });
    expectDiagnostics(result, "mission/duplicate-component", [{ ruleId: "mission/duplicate-component", messageId: "duplicateId", line: 7, column: 14 }]);
  });
});
