/** Most rows one `POST /loans/bulk` takes (setting BULK_ROWS_MAX). */
export const BULK_ROWS_MAX = Symbol('BULK_ROWS_MAX');
