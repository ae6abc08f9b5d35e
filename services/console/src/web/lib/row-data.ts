import type { HTMLAttributes } from 'react';

/** `data-*` attributes (React passes them through to the DOM; its attribute types do not list them). */
export type DataAttributes = { [name: `data-${string}`]: string };

/**
 * Props for a table row (antd `Table` `onRow`) that carry `data-*` attributes, e.g. the case id the
 * browser tests find rows by.
 */
export const rowData = (attributes: DataAttributes): HTMLAttributes<HTMLElement> & DataAttributes => attributes;
