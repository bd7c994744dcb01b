/**
 * Which workspace folder's team policy file "Open Team Policy File" opens. Model Router applies the
 * policy file of the first folder that has one, so in a multi-root workspace the folder of the file
 * you are in is opened only when its file is (or, once created, would be) the one applied; otherwise
 * the user is asked, and each choice says whether its file applies.
 */
export interface PolicyFolder {
  readonly name: string;
  /** Whether `.vscode/model-router.json` exists in the folder. */
  readonly hasFile: boolean;
}

export interface PolicyFolderItem {
  readonly index: number;
  readonly label: string;
  readonly description: string;
}

export type PolicyFolderChoice =
  | { readonly kind: 'none' }
  | { readonly kind: 'folder'; readonly index: number }
  | { readonly kind: 'ask'; readonly items: readonly PolicyFolderItem[] };

/** `active` is the index of the folder holding the active editor's file, if any. */
export function choosePolicyFolder(folders: readonly PolicyFolder[], active: number | undefined): PolicyFolderChoice {
  if (folders.length === 0) return { kind: 'none' };
  if (folders.length === 1) return { kind: 'folder', index: 0 };
  const applied = folders.findIndex((folder) => folder.hasFile);
  if (active !== undefined && active >= 0 && active < folders.length && (applied < 0 || applied >= active)) return { kind: 'folder', index: active };
  const items = folders.map((folder, index): PolicyFolderItem => {
    let description: string;
    if (index === applied) description = 'applied: the first folder with a team policy file';
    else if (folder.hasFile) description = `not applied: ${folders[applied].name}'s file comes first`;
    else if (applied < 0 || index < applied) description = 'none yet: creates one, which would apply';
    else description = `none yet: one here would not apply while ${folders[applied].name}'s exists`;
    return { index, label: folder.name, description: index === active ? `${description} · the file you are in` : description };
  });
  // The applied file first, so Enter opens what routes requests today.
  const order = applied < 0 ? items : [items[applied], ...items.filter((item) => item.index !== applied)];
  return { kind: 'ask', items: order };
}
