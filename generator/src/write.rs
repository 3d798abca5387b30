//! Stage 5: the formatted files → the output directory, as one atomic
//! update of the whole crate.
//!
//! Only files sdkgen wrote are ever overwritten or removed: a file is ours
//! when it starts with a marker line exactly ([`format::MARKERS`]) and the
//! manifest of the last run ([`MANIFEST`]) lists it (a license file, plain
//! text, by the manifest alone). A file in the way that
//! is not ours stops the run, naming it, before anything is touched; no
//! path through a symlink is ever written or removed.
//!
//! The new crate is built beside the old one, in a staging directory:
//! files that did not change and every file that is not ours are
//! hard-linked into it (so they keep their times, and nothing is rebuilt),
//! the rest is written, and the two directories are swapped in one
//! `rename` (`RENAME_EXCHANGE`). A run that fails or is killed leaves the
//! crate wholly old or wholly new; the next run cleans what it left beside
//! it. Runs on one directory take turns (a lock on its parent).

use crate::{format, templates};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The file, at the root of the output, that lists the files sdkgen wrote.
pub const MANIFEST: &str = ".sdkgen-manifest";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error(
        "{}: refusing to overwrite {} that sdkgen did not write (no marker line, or not in its {MANIFEST}): {}; move {} away, or choose another --out",
        out.display(),
        if files.len() == 1 { "a file" } else { "files" },
        list(files),
        if files.len() == 1 { "it" } else { "them" }
    )]
    NotOurs { out: PathBuf, files: Vec<String> },
    #[error("{}: is a symlink; sdkgen never writes through one", path.display())]
    Symlink { path: PathBuf },
    #[error("{}: is not a directory", path.display())]
    NotADirectory { path: PathBuf },
    #[error("{}: is a {what}, which cannot be carried into the new crate; move it out of the output directory", path.display())]
    Special { path: PathBuf, what: &'static str },
}

/// At most ten paths, then how many more.
fn list(paths: &[String]) -> String {
    let shown = paths.iter().take(10).map(String::as_str).collect::<Vec<_>>().join(", ");
    match paths.len().saturating_sub(10) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), source }
}

/// The manifest's text for a crate made of `files` (and the manifest).
pub fn manifest(files: &BTreeMap<String, String>) -> String {
    let listed: BTreeSet<&str> = files.keys().map(String::as_str).chain([MANIFEST]).collect();
    let mut text = String::from("# The files sdkgen wrote here: the only ones it overwrites or removes.\n");
    for path in listed {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// How an output directory differs from what the spec gives: the files
/// writing adds, changes and removes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Makes `out` hold exactly `files`, besides files sdkgen did not write.
pub fn write(out: &Path, files: &BTreeMap<String, String>) -> Result<Changes, WriteError> {
    write_with(out, files, &BTreeMap::new())
}

/// As [`write`], and also replaces `updated`: files of the user's that
/// this run rewrites from their current text (a changelog), in the same
/// atomic update, never listed in the manifest.
pub fn write_with(out: &Path, files: &BTreeMap<String, String>, updated: &BTreeMap<String, String>) -> Result<Changes, WriteError> {
    let out = resolve(out)?;
    let (parent, name) = split(&out)?;
    fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    let _lock = lock(&parent)?;
    recover(&parent, &name, &out)?;
    let plan = plan(&out, files, updated)?;
    if plan.changes.is_empty() {
        return Ok(plan.changes);
    }
    let staging = parent.join(format!(".{name}.sdkgen-new-{}", std::process::id()));
    let staged = stage(&out, &staging, files, updated, &plan);
    let swapped = staged.and_then(|()| swap(&staging, &out, &parent, &name));
    // Whatever happened, what is left at `staging` (the old crate after a
    // swap, a partial new one before) is not wanted.
    let cleaned = remove_tree(&staging);
    swapped?;
    cleaned?;
    Ok(plan.changes)
}

/// What a run changes, and which old files it leaves alone.
struct Plan {
    changes: Changes,
    /// Generated files whose bytes are already what the spec gives.
    unchanged: BTreeSet<String>,
}

/// Compares `files` (and `updated`) with what is in `out`, writing nothing:
/// which are added, changed and, of the files the last run wrote, removed.
/// Fails if a file in the way is not ours or is reached through a symlink.
pub(crate) fn changes(out: &Path, files: &BTreeMap<String, String>) -> Result<Changes, WriteError> {
    Ok(plan(&resolve(out)?, files, &BTreeMap::new())?.changes)
}

fn plan(out: &Path, files: &BTreeMap<String, String>, updated: &BTreeMap<String, String>) -> Result<Plan, WriteError> {
    let mut changes = Changes::default();
    let mut unchanged = BTreeSet::new();
    if !exists(out)? {
        changes.added = files.keys().chain(updated.keys()).cloned().collect();
        return Ok(Plan { changes, unchanged });
    }
    let manifest = read_manifest(out)?;
    let mut not_ours = Vec::new();
    for (path, text, owned) in files.iter().map(|(p, t)| (p, t, true)).chain(updated.iter().map(|(p, t)| (p, t, false))) {
        match existing(out, path)? {
            None => changes.added.push(path.clone()),
            Some(bytes) if bytes == text.as_bytes() => {
                unchanged.insert(path.clone());
            }
            Some(bytes) if !owned || is_ours(path, &bytes, manifest.as_ref()) => changes.changed.push(path.clone()),
            Some(_) => not_ours.push(path.clone()),
        }
    }
    if !not_ours.is_empty() {
        return Err(WriteError::NotOurs { out: out.to_path_buf(), files: not_ours });
    }
    for path in manifest.iter().flatten().filter(|path| !files.contains_key(*path) && !updated.contains_key(*path)) {
        // A stale entry reached through a symlink, or no longer ours, stays.
        if let Ok(Some(bytes)) = existing(out, path) {
            if is_ours(path, &bytes, manifest.as_ref()) {
                changes.removed.push(path.clone());
            }
        }
    }
    changes.added.sort();
    changes.changed.sort();
    Ok(Plan { changes, unchanged })
}

/// A file sdkgen wrote: it starts with a marker line and, when there is a
/// manifest, the manifest lists it; a license file (which has no comment
/// syntax for a marker) is ours only when the manifest lists it.
fn is_ours(path: &str, bytes: &[u8], manifest: Option<&BTreeSet<String>>) -> bool {
    let listed = manifest.map(|listed| listed.contains(path));
    if templates::is_license_file(path) {
        listed == Some(true)
    } else {
        format::is_marked(bytes) && listed != Some(false)
    }
}

/// The paths the last run's manifest lists, if it left one that is ours.
fn read_manifest(out: &Path) -> Result<Option<BTreeSet<String>>, WriteError> {
    let Some(bytes) = existing(out, MANIFEST)? else { return Ok(None) };
    if !format::is_marked(&bytes) {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&bytes);
    let listed = text.lines().filter(|line| !line.is_empty() && !line.starts_with('#')).filter(|line| is_relative(line)).map(str::to_owned).collect();
    Ok(Some(listed))
}

/// A manifest entry names a file under the output: no `..`, no root.
fn is_relative(path: &str) -> bool {
    Path::new(path).components().all(|part| matches!(part, std::path::Component::Normal(_)))
}

/// The bytes of the regular file at `out/path`, or `None` if there is
/// none; an error if the way to it, or the file, is a symlink or not what
/// it should be.
fn existing(out: &Path, path: &str) -> Result<Option<Vec<u8>>, WriteError> {
    let mut full = out.to_path_buf();
    let parts: Vec<&str> = path.split('/').collect();
    for (index, part) in parts.iter().enumerate() {
        full.push(part);
        let meta = match fs::symlink_metadata(&full) {
            Ok(meta) => meta,
            Err(err) if err.kind() == ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(io_error(&full)(err)),
        };
        let last = index + 1 == parts.len();
        if meta.file_type().is_symlink() {
            return Err(WriteError::Symlink { path: full });
        }
        if !last && !meta.is_dir() {
            return Err(WriteError::NotADirectory { path: full });
        }
        if last && !meta.is_file() {
            return Err(WriteError::Special { what: kind(&meta.file_type()), path: full });
        }
    }
    fs::read(&full).map(Some).map_err(io_error(&full))
}

fn exists(path: &Path) -> Result<bool, WriteError> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => Ok(true),
        Ok(_) => Err(WriteError::NotADirectory { path: path.to_path_buf() }),
        Err(err) if err.kind() == ErrorKind::NotFound => Ok(false),
        Err(err) => Err(io_error(path)(err)),
    }
}

/// The output directory as an absolute path; when `out` itself is a
/// symlink the user named it, and its target is written.
fn resolve(out: &Path) -> Result<PathBuf, WriteError> {
    let absolute = std::path::absolute(out).map_err(io_error(out))?;
    match fs::symlink_metadata(&absolute) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(&absolute).map_err(io_error(out)),
        _ => Ok(absolute),
    }
}

/// The directory that holds `out`, and `out`'s name in it.
fn split(out: &Path) -> Result<(PathBuf, String), WriteError> {
    let normal: PathBuf = out.components().collect();
    match (normal.parent(), normal.file_name()) {
        (Some(parent), Some(name)) => Ok((parent.to_path_buf(), name.to_string_lossy().into_owned())),
        _ => Err(WriteError::NotADirectory { path: out.to_path_buf() }),
    }
}

/// An exclusive lock on `dir` (unlocked when dropped), so two runs never
/// stage or swap the same output at once.
fn lock(dir: &Path) -> Result<Option<fs::File>, WriteError> {
    if !cfg!(unix) {
        return Ok(None);
    }
    let handle = fs::File::open(dir).map_err(io_error(dir))?;
    match handle.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!("waiting for another sdkgen run writing into {}", dir.display());
            handle.lock().map_err(io_error(dir))?;
        }
        Err(fs::TryLockError::Error(err)) => return Err(io_error(dir)(err)),
    }
    Ok(Some(handle))
}

/// What killed or failed runs left beside `out`: staging directories
/// (`.NAME.sdkgen-new-PID`), old crates moved aside (`.NAME.sdkgen-old-PID`)
/// and the staging directories of earlier versions (`.NAME.sdkgen-PID`).
/// If a run was killed with the old crate moved aside and the new one not
/// yet in place, the old one goes back; then the rest is removed.
fn recover(parent: &Path, name: &str, out: &Path) -> Result<(), WriteError> {
    let prefix = format!(".{name}.sdkgen-");
    let mut leftovers = Vec::new();
    for entry in fs::read_dir(parent).map_err(io_error(parent))? {
        let entry = entry.map_err(io_error(parent))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else { continue };
        let pid = rest.strip_prefix("new-").or_else(|| rest.strip_prefix("old-")).unwrap_or(rest);
        if !pid.is_empty() && pid.bytes().all(|byte| byte.is_ascii_digit()) {
            leftovers.push((rest.starts_with("old-"), entry.path()));
        }
    }
    leftovers.sort();
    if !exists(out)? {
        if let Some((_, old)) = leftovers.iter().rev().find(|(is_old, _)| *is_old) {
            fs::rename(old, out).map_err(io_error(out))?;
            eprintln!("{}: put back the crate an interrupted run had moved aside", out.display());
        }
    }
    for (_, leftover) in &leftovers {
        if fs::symlink_metadata(leftover).is_ok() {
            remove_tree(leftover)?;
        }
    }
    Ok(())
}

/// Builds the new crate at `staging`: the old crate's tree, with every
/// file that is not ours and every generated file that did not change
/// linked in, and the rest written.
fn stage(
    out: &Path,
    staging: &Path,
    files: &BTreeMap<String, String>,
    updated: &BTreeMap<String, String>,
    plan: &Plan,
) -> Result<(), WriteError> {
    fs::create_dir(staging).map_err(io_error(staging))?;
    let mut directories = Vec::new();
    if exists(out)? {
        let removed: BTreeSet<&String> = plan.changes.removed.iter().collect();
        let mut pending = vec![String::new()];
        while let Some(dir) = pending.pop() {
            let from = out.join(&dir);
            directories.push((dir.clone(), fs::symlink_metadata(&from).map_err(io_error(&from))?.permissions()));
            for entry in fs::read_dir(&from).map_err(io_error(&from))? {
                let entry = entry.map_err(io_error(&from))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let relative = if dir.is_empty() { name.clone() } else { format!("{dir}/{name}") };
                let (source, target) = (entry.path(), staging.join(&relative));
                let kind = entry.file_type().map_err(io_error(&source))?;
                if kind.is_dir() {
                    fs::create_dir(&target).map_err(io_error(&target))?;
                    pending.push(relative);
                } else if files.contains_key(&relative) || updated.contains_key(&relative) {
                    if plan.unchanged.contains(&relative) {
                        link_or_copy(&source, &target)?;
                    }
                } else if removed.contains(&relative) || is_temporary(&name) {
                    continue;
                } else if kind.is_symlink() {
                    copy_symlink(&source, &target)?;
                } else if kind.is_file() {
                    link_or_copy(&source, &target)?;
                } else {
                    return Err(WriteError::Special { what: self::kind(&kind), path: source });
                }
            }
        }
    }
    for (path, text) in files.iter().chain(updated).filter(|(path, _)| !plan.unchanged.contains(*path)) {
        let target = staging.join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        fs::write(&target, text).map_err(io_error(&target))?;
    }
    // Last, as a read-only directory takes no new files.
    for (dir, permissions) in directories.into_iter().rev() {
        let target = staging.join(dir);
        fs::set_permissions(&target, permissions).map_err(io_error(&target))?;
    }
    Ok(())
}

/// A temporary file an earlier version of sdkgen left beside a file it
/// was replacing: `.NAME.sdkgen-PID`.
fn is_temporary(name: &str) -> bool {
    name.starts_with('.')
        && name.rsplit_once(".sdkgen-").is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|byte| byte.is_ascii_digit()))
}

/// A hard link to `source` at `target`, or a copy with the same modified
/// time where the file system will not link.
fn link_or_copy(source: &Path, target: &Path) -> Result<(), WriteError> {
    if fs::hard_link(source, target).is_ok() {
        return Ok(());
    }
    fs::copy(source, target).map_err(io_error(source))?;
    let modified = fs::metadata(source).and_then(|meta| meta.modified()).map_err(io_error(source))?;
    let copy = fs::File::options().write(true).open(target).map_err(io_error(target))?;
    copy.set_modified(modified).map_err(io_error(target))
}

fn copy_symlink(source: &Path, target: &Path) -> Result<(), WriteError> {
    let points_to = fs::read_link(source).map_err(io_error(source))?;
    #[cfg(unix)]
    return std::os::unix::fs::symlink(points_to, target).map_err(io_error(target));
    #[cfg(not(unix))]
    {
        let _ = (points_to, target);
        Err(WriteError::Special { path: source.to_path_buf(), what: "symlink" })
    }
}

fn kind(kind: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "named pipe";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "device";
        }
    }
    if kind.is_dir() {
        "directory"
    } else if kind.is_symlink() {
        "symlink"
    } else {
        "special file"
    }
}

/// Puts the crate at `staging` in place of `out`: one atomic exchange where
/// the system has it; else the old crate is moved aside first (a run killed
/// between the two renames is undone by the next one, see [`recover`]).
/// Afterwards `staging` holds the old crate.
fn swap(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), WriteError> {
    if !exists(out)? {
        return fs::rename(staging, out).map_err(io_error(out));
    }
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(errno) if errno == rustix::io::Errno::INVAL || errno == rustix::io::Errno::NOSYS => {}
            Err(errno) => return Err(io_error(out)(errno.into())),
        }
    }
    let aside = parent.join(format!(".{name}.sdkgen-old-{}", std::process::id()));
    fs::rename(out, &aside).map_err(io_error(out))?;
    if let Err(err) = fs::rename(staging, out) {
        let _ = fs::rename(&aside, out);
        return Err(io_error(out)(err));
    }
    fs::rename(&aside, staging).map_err(io_error(staging))
}

/// Removes a tree this run (or a killed one) made, first making its
/// directories writable again (a read-only one keeps its entries).
fn remove_tree(root: &Path) -> Result<(), WriteError> {
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(meta) = fs::symlink_metadata(&dir) else { continue };
        if !meta.is_dir() {
            continue;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode();
            if mode & 0o700 != 0o700 {
                fs::set_permissions(&dir, fs::Permissions::from_mode(mode | 0o700)).map_err(io_error(&dir))?;
            }
        }
        for entry in fs::read_dir(&dir).map_err(io_error(&dir))?.flatten() {
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                pending.push(entry.path());
            }
        }
    }
    match fs::remove_dir_all(root) {
        Err(err) if err.kind() != ErrorKind::NotFound => Err(io_error(root)(err)),
        _ => Ok(()),
    }
}

/// The version in a crate's `Cargo.toml`, if there is one.
pub fn current_version(out: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).ok()?;
    manifest.lines().find_map(|line| {
        let value = line.trim().strip_prefix("version")?.trim_start().strip_prefix('=')?.trim();
        Some(value.trim_matches('"').to_owned())
    })
}
