// What a page renderer returns: its HTML body, the state it shows (for the share link) and the tables
// behind it (the CSV and XLSX downloads).
import type { DataTable } from "../../query/table.ts";
import type { PageRef } from "../links.ts";

export interface Page {
  title: string;
  self: PageRef;
  html: string;
  tables: DataTable[];
  script?: string;
}
