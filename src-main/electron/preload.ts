import { contextBridge, ipcRenderer } from 'electron';

// The renderer gets three functions (API calls; save a printable page as PDF; choose a sync path in
// the system's dialog) and nothing of Node or Electron.
contextBridge.exposeInMainWorld('karaDesk', {
  invoke: (method: string, input: unknown, locale: string) => ipcRenderer.invoke('kara:invoke', method, input, locale),
  printToPdf: (fileName: string) => ipcRenderer.invoke('kara:printToPdf', fileName),
  choosePath: (kind: string, locale: string) => ipcRenderer.invoke('kara:choosePath', kind, locale),
});
