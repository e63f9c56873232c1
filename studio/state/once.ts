/** A store the page's state lives in (the document, the kernel session, the engine status): it says when it changed. */
export interface Subscribable { subscribe(listener: () => void): () => void }

/** Resolves once `holds()` is true: checked now and after every change of the stores, which it then stops following. */
export function once(holds: () => boolean, stores: Subscribable[]): Promise<void> {
  return new Promise((resolve) => {
    const offs: (() => void)[] = [];
    let done = false;
    const check = () => {
      if (done || !holds()) return;
      done = true;
      for (const off of offs.splice(0)) off();
      resolve();
    };
    for (const s of stores) offs.push(s.subscribe(check));
    check();
  });
}
