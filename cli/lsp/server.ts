import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  CompletionItemKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CompletionItem,
  type Connection,
  type Location,
} from "vscode-languageserver/node";
import type { Diagnostic } from "../../compiler/diagnostics.js";
import { quickFix } from "../../compiler/editor/code-actions.js";
import { completion, type Completion } from "../../compiler/editor/completion.js";
import { definition } from "../../compiler/editor/definition.js";
import { hover } from "../../compiler/editor/hover.js";
import { findBundleRoot } from "../manifest-search.js";
import { packageVersion } from "../package-info.js";
import { BundleSession } from "./bundle-session.js";
import { fromLspDiagnostic, fromLspPosition, toLspDiagnostic, toLspRange } from "./lsp-ranges.js";
import { publishedSchemaPath } from "./published-schemas.js";

/** How long edits are gathered before a check: typing bursts become one check. */
const DEBOUNCE_MS = 30;

const COMPLETION_KINDS: Readonly<Record<Completion["kind"], CompletionItemKind>> = {
  reference: CompletionItemKind.Reference,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
};

/** A file of a bundle: its session and its path in the bundle. */
interface BundleFile {
  session: BundleSession;
  rel: string;
}

/**
 * The spec-kit language server: diagnostics as the user types (the incremental engine of
 * `check --watch`, over the files on disk with the editor's unsaved buffers winning), hover,
 * go to definition, completion and quick fixes. Files belong to the bundle whose manifest lies
 * at or above them; files of no bundle get nothing. The connection ends the process on `exit`
 * (status 0 after `shutdown`, else 1) or when its input closes.
 */
export function startLanguageServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Connection {
  const connection = createConnection(ProposedFeatures.all, input, output);
  const documents = new TextDocuments(TextDocument);
  const sessions = new Map<string, BundleSession>();
  const pending = new Map<BundleSession, Set<string>>();
  let timer: NodeJS.Timeout | undefined;

  /** The bundle file at `uri`; with `create` false, only of a bundle that already has a session. */
  const fileOf = (uri: string, create = true): BundleFile | undefined => {
    if (!uri.startsWith("file:")) return undefined;
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return undefined; // a file: URL naming another host, or none this system can open
    }
    const root = findBundleRoot(dirname(file));
    if (root === undefined) return undefined;
    let session = sessions.get(root);
    if (!session && !create) return undefined;
    if (!session) {
      session = new BundleSession(root);
      sessions.set(root, session);
    }
    return { session, rel: session.relative(file) };
  };

  const publish = (session: BundleSession): void => {
    const byFile = new Map<string, Diagnostic[]>();
    for (const diagnostic of session.result.diagnostics) {
      const list = byFile.get(diagnostic.file);
      if (list) list.push(diagnostic);
      else byFile.set(diagnostic.file, [diagnostic]);
    }
    // Open documents always get an answer, an empty one when they are clean.
    const open = documents
      .all()
      .map((document) => fileOf(document.uri))
      .filter((file): file is BundleFile => file?.session === session)
      .map((file) => file.rel);
    for (const file of new Set([...session.published, ...byFile.keys(), ...open])) {
      void connection.sendDiagnostics({ uri: pathToFileURL(session.absolute(file)).href, diagnostics: (byFile.get(file) ?? []).map(toLspDiagnostic) });
    }
    session.published = new Set(byFile.keys());
  };

  /** Checks what changed since the last check, then publishes; requests call it first, so they see every edit. */
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = [...pending];
    pending.clear();
    for (const [session, changed] of batch) {
      try {
        session.update([...changed]);
        publish(session);
      } catch (error) {
        connection.console.error(`spec-kit: checking ${session.root} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  const changed = (file: BundleFile): void => {
    const set = pending.get(file.session) ?? new Set<string>();
    set.add(file.rel);
    pending.set(file.session, set);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  };

  documents.onDidChangeContent((event) => {
    const file = fileOf(event.document.uri);
    if (!file) return;
    file.session.setBuffer(file.rel, event.document.getText());
    changed(file);
  });
  documents.onDidClose((event) => {
    const file = fileOf(event.document.uri);
    if (!file) return;
    file.session.setBuffer(file.rel, undefined);
    changed(file);
  });
  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      // A bundle the editor has no file of open is not checked for it.
      const file = fileOf(change.uri, false);
      if (file) changed(file);
    }
  });

  // Files changed on disk outside the editor (a checkout, a generator, another editor) are
  // checked again too: the server asks the client to watch the bundle's kinds of files, when
  // the client can be asked (dynamic registration); clients that cannot still send what they watch.
  let watchFiles = false;
  connection.onInitialized(() => {
    if (watchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/*.{yaml,yml,json,md}" }] });
    }
  });
  connection.onInitialize((params) => {
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        completionProvider: { triggerCharacters: ["[", ",", " ", "-", ":", '"'] },
        codeActionProvider: { codeActionKinds: ["quickfix"] },
      },
      serverInfo: { name: "spec-kit", version: packageVersion() },
    };
  });

  /** The bundle file of a request's document, after every pending edit is checked. */
  const current = (uri: string): BundleFile | undefined => {
    flush();
    return fileOf(uri);
  };
  const uriOf = (session: BundleSession, rel: string): string => pathToFileURL(session.absolute(rel)).href;
  // Every request answers from the pure editor features (compiler/editor) over the session;
  // what they return is converted here to the protocol's shapes (0-based positions, URIs).
  connection.onHover((params) => {
    const file = current(params.textDocument.uri);
    const found = file && hover(file.session, file.rel, fromLspPosition(params.position));
    if (!found) return null;
    return { contents: { kind: "markdown", value: found.markdown }, ...(found.range ? { range: toLspRange(found.range) } : {}) };
  });
  connection.onDefinition((params): Location | null => {
    const file = current(params.textDocument.uri);
    const found = file && definition(file.session, file.rel, fromLspPosition(params.position));
    if (!file || !found) return null;
    if ("schema" in found) return { uri: pathToFileURL(publishedSchemaPath(found.schema)).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    return { uri: uriOf(file.session, found.file), range: toLspRange(found.range) };
  });
  connection.onCompletion((params): CompletionItem[] => {
    const file = current(params.textDocument.uri);
    const document = documents.get(params.textDocument.uri);
    if (!file || !document) return [];
    return completion(file.session, file.rel, document.getText(), document.offsetAt(params.position), fromLspPosition(params.position)).map((item) => ({
      label: item.label,
      kind: COMPLETION_KINDS[item.kind],
      detail: item.detail,
    }));
  });
  connection.onCodeAction((params): CodeAction[] => {
    const file = current(params.textDocument.uri);
    if (!file) return [];
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      const ours = fromLspDiagnostic(diagnostic);
      const fix = ours && quickFix(file.session, file.rel, ours);
      if (!fix) continue;
      const edits = fix.changes.map((change) => ({ range: toLspRange(change.range), newText: change.text }));
      actions.push({ title: fix.title, kind: "quickfix", diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [uriOf(file.session, fix.file)]: edits } } });
    }
    return actions;
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
