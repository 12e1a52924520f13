// A small ZIP reader for Office Open XML packages (DOCX, XLSX): the central directory is read from
// the end of the file, members are stored or deflated (the only two methods Office writes), and
// node:zlib inflates them. No dependency: a package is a few XML members we read whole.
import { inflateRawSync } from "node:zlib";

/** A member larger than this (uncompressed) is refused: a zip bomb, never a report's XML. */
const MAX_MEMBER_BYTES = 64 * 1024 * 1024;
const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  offset: number;
}

export class ZipError extends Error {
  override readonly name = "ZipError";
}

export const isZip = (b: Uint8Array): boolean =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4;

/** The members of a ZIP file by name. Throws ZipError when the directory is missing or broken. */
export function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError("no end-of-central-directory record (not a ZIP file, or truncated)");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CEN_SIG)
      throw new ZipError(`central directory entry ${n} is broken`);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    out.set(name, {
      name,
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      offset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** One member's bytes. Throws ZipError on an unknown method, a broken header or an oversized member. */
export function zipRead(bytes: Uint8Array, e: ZipEntry): Buffer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (e.offset + 30 > buf.length || buf.readUInt32LE(e.offset) !== LOC_SIG)
    throw new ZipError(`${e.name}: broken local header`);
  if (e.size > MAX_MEMBER_BYTES) throw new ZipError(`${e.name}: ${e.size} bytes uncompressed, over the limit`);
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) return Buffer.from(data);
  if (e.method === 8) return inflateRawSync(data, { maxOutputLength: MAX_MEMBER_BYTES });
  throw new ZipError(`${e.name}: compression method ${e.method} is not supported`);
}

/** A member's text (UTF-8), or undefined when the package has no such member. */
export function zipText(bytes: Uint8Array, entries: Map<string, ZipEntry>, name: string): string | undefined {
  const e = entries.get(name);
  return e ? zipRead(bytes, e).toString("utf8") : undefined;
}
