/** How one projection row is read (locked), written new, and written over. */
export interface RowStore<R> {
  lock(): Promise<R | undefined>;
  /** false: another transaction inserted the row meanwhile. */
  insert(row: R): Promise<boolean>;
  update(row: R): Promise<void>;
}

/**
 * Load → evolve → persist one row in the caller's transaction. The row is locked while it is
 * evolved; a row that does not exist yet is inserted, and if another transaction inserted it first
 * (two topics' first events of one case at once), it is read again and the event applied to that.
 * `evolve` returns null when the event changes nothing.
 */
export async function evolveRow<R>(store: RowStore<R>, evolve: (row: R | undefined) => R | null): Promise<void> {
  const row = await store.lock();
  const next = evolve(row);
  if (!next) return;
  if (row) return store.update(next);
  if (await store.insert(next)) return;
  const again = evolve(await store.lock());
  if (again) await store.update(again);
}
