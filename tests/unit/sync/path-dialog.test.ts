// The desktop shell's "Browse…" on the sync screen, without Electron (which cannot run here): the
// dialog each kind opens, the handler's refusals, and the renderer's view of the bridge.
import { describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent, OpenDialogOptions } from 'electron';
import { choosePath, pathDialogOptions, type OpenDialog } from '../../../src-main/electron/path-dialog';
import { nativePathChooser } from '../../../src-renderer/client/native-dialogs';
import { BUNDLE_EXTENSION } from '../../../src-shared/api/sync';

const event = {} as IpcMainInvokeEvent;
const trusted = () => true;

function recordingDialog(answer: { canceled: boolean; filePaths: string[] }) {
  const opened: OpenDialogOptions[] = [];
  const open: OpenDialog = async (_event, options) => {
    opened.push(options);
    return answer;
  };
  return { open, opened };
}

describe('path dialog options', () => {
  it('opens a folder, which may be made on the spot, for the export', () => {
    expect(pathDialogOptions('exportFolder', 'en')).toEqual({ title: 'Browse for the destination folder', properties: ['openDirectory', 'createDirectory'] });
  });

  it("speaks the screen's language, Persian unless it is English", () => {
    expect(pathDialogOptions('bundleFile', 'fa')?.filters?.map((f) => f.name)).toEqual(['بستهٔ میز کارا', 'همهٔ پرونده‌ها']);
    expect(pathDialogOptions('bundleFile', 'en')?.filters?.map((f) => f.name)).toEqual(['Kara Desk bundle', 'All files']);
    expect(pathDialogOptions('exportFolder', 'de')?.title).toBe('انتخاب پوشهٔ مقصد');
  });

  it('opens one file for the import, offering bundles first and all files second', () => {
    const options = pathDialogOptions('bundleFile');
    expect(options?.properties).toEqual(['openFile']);
    expect(options?.filters?.map((f) => f.extensions)).toEqual([[BUNDLE_EXTENSION], ['*']]);
  });

  it('opens nothing for any other kind', () => {
    for (const kind of ['anything', '', undefined, null, 42, { kind: 'bundleFile' }, ['exportFolder']]) expect(pathDialogOptions(kind)).toBeNull();
  });

});

describe('choosePath handler', () => {
  it('answers the chosen path', async () => {
    const dialog = recordingDialog({ canceled: false, filePaths: ['E:\\kara-CENTRAL.kdb'] });
    expect(await choosePath(event, 'bundleFile', 'fa', trusted, dialog.open)).toEqual({ path: 'E:\\kara-CENTRAL.kdb' });
    expect(dialog.opened).toEqual([pathDialogOptions('bundleFile', 'fa')]);
  });

  it('answers null when the person cancels', async () => {
    const dialog = recordingDialog({ canceled: true, filePaths: [] });
    expect(await choosePath(event, 'exportFolder', 'en', trusted, dialog.open)).toEqual({ path: null });
  });

  it('opens no dialog for an untrusted sender or an unknown kind', async () => {
    const dialog = recordingDialog({ canceled: false, filePaths: ['/etc'] });
    expect(await choosePath(event, 'exportFolder', 'fa', () => false, dialog.open)).toEqual({ path: null });
    expect(await choosePath(event, 'systemFolder', 'fa', trusted, dialog.open)).toEqual({ path: null });
    expect(dialog.opened).toEqual([]);
  });
});

describe('nativePathChooser', () => {
  it('is absent in the browser and with a bridge that has no dialog', () => {
    expect(nativePathChooser(undefined)).toBeNull();
    expect(nativePathChooser({})).toBeNull();
  });

  it('asks the bridge for the kind, in the screen\'s language, and gives back the path alone', async () => {
    const asked: string[] = [];
    const choose = nativePathChooser({ choosePath: async (kind, locale) => (asked.push(`${kind}/${locale}`), { path: kind === 'exportFolder' ? 'D:\\Kara\\outbox' : null }) });
    expect(await choose?.('exportFolder', 'fa')).toBe('D:\\Kara\\outbox');
    expect(await choose?.('bundleFile', 'en')).toBeNull();
    expect(asked).toEqual(['exportFolder/fa', 'bundleFile/en']);
  });
});
