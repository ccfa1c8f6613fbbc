/** An area's messages: English must translate every Persian key (the type checks it). */
export function defineMessages<const F extends Record<string, string>>(fa: F, en: { [K in keyof F]: string }) {
  return { fa, en };
}
