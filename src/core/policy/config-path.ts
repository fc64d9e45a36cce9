/** Where a repository (or its owner's `.github` repository) keeps its Change Gate config. */
export const CONFIG_PATH = '.github/change-management.yml';
