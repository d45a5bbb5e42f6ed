// Preloaded into api-documenter (`node --require <this file> api-documenter markdown ...`) by
// docs-api.ts. api-documenter names a page after the lower-cased item name, so a class and a
// function whose names differ only in case (TaskGroup and taskGroup) get one file, and the page
// written last replaces the other. docs-api.ts works out those names from the doc models and
// passes, in AIO_API_FILE_NAMES, a file name for each name to rename ({"TaskGroup": "taskgroup-class"});
// every other name keeps api-documenter's own file name. Page text, headings and links are
// api-documenter's: its links use the same function, so they follow the new names.
"use strict";
const { Utilities } = require("@microsoft/api-documenter/lib/utils/Utilities");

const renamed = JSON.parse(process.env.AIO_API_FILE_NAMES || "{}");
const own = Utilities.getSafeFilenameForName;
Utilities.getSafeFilenameForName = function getSafeFilenameForName(name) {
  return Object.prototype.hasOwnProperty.call(renamed, name) ? renamed[name] : own.call(this, name);
};
