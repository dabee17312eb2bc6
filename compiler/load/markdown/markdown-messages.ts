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
} as const;

/** A message id of a Markdown reading. */
export type MarkdownMessageId = keyof typeof MARKDOWN_MESSAGES;
