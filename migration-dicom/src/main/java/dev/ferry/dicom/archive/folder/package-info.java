/**
 * Folder archives: {@link dev.ferry.dicom.archive.folder.FolderSource} migrates from a folder of
 * DICOM files (a tree of Part 10 files, or media with a DICOMDIR), reporting what it cannot migrate
 * (not DICOM, truncated, conflicting duplicates) instead of failing;
 * {@link dev.ferry.dicom.archive.folder.FolderDestination} migrates into a folder, one Part 10 file
 * per instance under hashed names, written atomically. Both read headers only when they index or
 * describe, and stream pixel data from and to disk without holding it in memory (PS3.10 for the
 * file format and media, PS3.3 Annex F for the DICOMDIR).
 */
package dev.ferry.dicom.archive.folder;
