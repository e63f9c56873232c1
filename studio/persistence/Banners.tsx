/**
 * What persistence has to say, under the header: a notebook saved from another
 * tab (reload or overwrite), a full disk, an untrusted notebook (trust it), a
 * link or file that could not be opened. And the small "saved" mark.
 */
import { useState } from "react";
import { persistence, usePersistence } from "./controller";
import "./panels.css";

export function SaveIndicator() {
  const s = usePersistence().status;
  const text = s.kind === "saved" ? "saved" : s.kind === "pending" || s.kind === "saving" ? "saving…" : s.kind === "conflict" ? "not saved" : s.kind === "quota" ? "disk full" : s.kind === "error" ? "not saved" : "";
  return <span className={`save-indicator save-${s.kind}`} data-testid="save-status" data-save={s.kind} title={s.kind === "saved" ? `saved locally (revision ${s.rev})` : undefined}>{text}</span>;
}

export function PersistenceBanners() {
  const st = usePersistence();
  const p = persistence();
  const [busy, setBusy] = useState(false);
  if (!p) return null;
  const s = st.status;
  return (
    <>
      {st.untrustedFrom && (
        <div className="notice notice-warn trust-banner" role="status" data-testid="untrusted-banner">
          <span>
            <strong>Untrusted notebook</strong> (opened from a {st.untrustedFrom}): its blocks and SQL run, its code cells do not, until you trust it.
            Code cells run only in the kernel worker, with the network closed to them.
          </span>
          <button type="button" className="primary" disabled={busy} onClick={() => { setBusy(true); void p.trust().finally(() => setBusy(false)); }}>Trust this notebook</button>
        </div>
      )}
      {s.kind === "conflict" && (
        <div className="notice notice-error" role="alert" data-testid="conflict-banner">
          <span>{s.message} Your edits in this tab are not saved yet.</span>
          <button type="button" onClick={() => void p.reloadStored()}>Reload the saved version</button>
          <button type="button" className="warn" onClick={() => void p.autosaver?.overwrite()}>Overwrite with this tab's version</button>
        </div>
      )}
      {s.kind === "quota" && (
        <div className="notice notice-error" role="alert" data-testid="quota-banner">
          <span>{s.message}</span>
          <button type="button" onClick={() => void p.autosaver?.flush({ force: true })}>Try again</button>
        </div>
      )}
      {s.kind === "error" && <div className="notice notice-error" role="alert"><span>{s.message}</span></div>}
      {st.problem && (
        <div className="notice notice-error" role="alert" data-testid="persistence-problem">
          <span>{st.problem}</span>
          <button type="button" className="icon" aria-label="dismiss" onClick={() => p.set({ problem: null })}>✕</button>
        </div>
      )}
    </>
  );
}
