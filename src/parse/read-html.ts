// HTML report pages (FORMATS.md §10.2): placeholder until the HTML reader lands.
import { ParseError } from "./errors.ts";
import type { ReadDoc } from "./types.ts";

export function isHtml(text: string): boolean {
  return /^\s*(?:<!doctype html|<html|<head|<meta|<body|<table|<div|<p[\s>])/i.test(text.slice(0, 2048));
}

export function readHtml(_text: string): ReadDoc {
  throw new ParseError("UNSUPPORTED", "-", "HTML reports are not supported yet");
}
