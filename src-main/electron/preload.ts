import { contextBridge, ipcRenderer } from 'electron';

// The renderer gets one function and nothing of Node or Electron.
contextBridge.exposeInMainWorld('karaDesk', {
  invoke: (method: string, input: unknown, locale: string) => ipcRenderer.invoke('kara:invoke', method, input, locale),
});
