/**
 * What reading a Markdown mission says about content it could not take as components,
 * contracts, actors or requirements. Rule mission/markdown reports these, by message id.
 */
export const MARKDOWN_MESSAGES = {
  unreadItem:
    '{{what}} under "{{section}}" is not read: expected {{expected}}',
  unknownField: '"{{field}}" is not a field of {{kind}} "{{name}}"; expected {{expected}}',
  repeatedField: '{{kind}} "{{name}}" states "{{field}}" twice; the first is read',
  noTitle: 'the mission has no "# Title" heading; it is named by its file name "{{id}}"',
  unreadBlock: '{{what}} under "{{section}}" is not read: a mission reads headings, lists and paragraphs',
  unreadDependency:
    'dependency "{{text}}" is not read: expected "T002 depends on T001", "T001 blocks T002, T003" or "(T001-T003) before (T004-T006)"',
  unknownTask: 'task {{task}} is named in a dependency but is no task of this list',
  noNormative: 'requirement "{{name}}" states neither SHALL nor MUST',
} as const;

/** A message id of a Markdown reading. */
export type MarkdownMessageId = keyof typeof MARKDOWN_MESSAGES;
