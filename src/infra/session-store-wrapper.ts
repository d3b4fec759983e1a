import type { Conflict, SessionStore } from '../session/session-store.js';

/**
 * A session store around another that hands every call through unchanged: the caching and metering
 * stores extend it and override only what they add to, so a new method of the port is passed
 * through in one place.
 */
export class SessionStoreWrapper<Inner extends SessionStore = SessionStore> implements SessionStore {
  constructor(protected readonly inner: Inner) {}

  load(...args: Parameters<SessionStore['load']>) {
    return this.inner.load(...args);
  }

  recall(...args: Parameters<SessionStore['recall']>) {
    return this.inner.recall(...args);
  }

  confirm(...args: Parameters<SessionStore['confirm']>) {
    return this.inner.confirm(...args);
  }

  save(...args: Parameters<SessionStore['save']>): Promise<true | Conflict> {
    return this.inner.save(...args);
  }

  loadProfile(...args: Parameters<SessionStore['loadProfile']>) {
    return this.inner.loadProfile(...args);
  }

  saveProfile(...args: Parameters<SessionStore['saveProfile']>) {
    return this.inner.saveProfile(...args);
  }

  remove(...args: Parameters<SessionStore['remove']>) {
    return this.inner.remove(...args);
  }

  loadResumePointer(...args: Parameters<SessionStore['loadResumePointer']>) {
    return this.inner.loadResumePointer(...args);
  }

  saveResumePointer(...args: Parameters<SessionStore['saveResumePointer']>) {
    return this.inner.saveResumePointer(...args);
  }

  clearResumePointer(...args: Parameters<SessionStore['clearResumePointer']>) {
    return this.inner.clearResumePointer(...args);
  }

  dialSecond(...args: Parameters<SessionStore['dialSecond']>) {
    return this.inner.dialSecond(...args);
  }
}
