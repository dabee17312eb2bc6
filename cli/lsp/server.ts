import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Connection } from "vscode-languageserver/node";
import type { Diagnostic } from "../../compiler/diagnostics.js";
import { findBundleRoot } from "../manifest-search.js";
import { packageVersion } from "../package-info.js";
import { BundleSession } from "./bundle-session.js";
import { codeActions } from "./code-actions.js";
import { completion } from "./completion.js";
import { definition } from "./definition.js";
import { hover } from "./hover.js";
import { toLspDiagnostic } from "./lsp-ranges.js";

/** How long edits are gathered before a check: typing bursts become one check. */
const DEBOUNCE_MS = 30;

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

  const fileOf = (uri: string): BundleFile | undefined => {
    if (!uri.startsWith("file:")) return undefined;
    const file = fileURLToPath(uri);
    const root = findBundleRoot(dirname(file));
    if (root === undefined) return undefined;
    let session = sessions.get(root);
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
      const file = fileOf(change.uri);
      if (file) changed(file);
    }
  });

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      completionProvider: { triggerCharacters: ["[", ",", " ", "-", ":", '"'] },
      codeActionProvider: { codeActionKinds: ["quickfix"] },
    },
    serverInfo: { name: "spec-kit", version: packageVersion() },
  }));

  /** The bundle file of a request's document, after every pending edit is checked. */
  const current = (uri: string): BundleFile | undefined => {
    flush();
    return fileOf(uri);
  };
  connection.onHover((params) => {
    const file = current(params.textDocument.uri);
    return file ? hover(file.session, file.rel, params.position) : null;
  });
  connection.onDefinition((params) => {
    const file = current(params.textDocument.uri);
    return file ? definition(file.session, file.rel, params.position) : null;
  });
  connection.onCompletion((params) => {
    const file = current(params.textDocument.uri);
    const document = documents.get(params.textDocument.uri);
    if (!file || !document) return [];
    return completion(file.session, file.rel, document.getText(), document.offsetAt(params.position), params.position);
  });
  connection.onCodeAction((params) => {
    const file = current(params.textDocument.uri);
    return file ? codeActions(file.session, file.rel, params.context.diagnostics) : [];
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
