// Vite turns `?url` imports into the emitted asset's URL.
declare module 'pdfjs-dist/build/pdf.worker.min.mjs?url' {
  const url: string;
  export default url;
}
