import { contextBridge, ipcRenderer } from 'electron';

// The renderer gets two functions (API calls; save a printable page as PDF) and nothing of Node or Electron.
contextBridge.exposeInMainWorld('karaDesk', {
  invoke: (method: string, input: unknown, locale: string) => ipcRenderer.invoke('kara:invoke', method, input, locale),
  printToPdf: (fileName: string) => ipcRenderer.invoke('kara:printToPdf', fileName),
});
