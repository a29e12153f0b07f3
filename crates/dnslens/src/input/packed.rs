//! Files a capture often comes packed in: compressed (gzip, xz, bzip2, zstd, lz4) or in an
//! archive (zip), known by their first bytes. None is a capture or a message: what to do is
//! said instead ([`packed`]); the command line reads gzip itself ([`gzip`]).

/// gzip's magic number, with which a compressed file (`capture.pcap.gz`) starts.
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Whether `file` starts as a gzip-compressed file does: no capture, and no one message, but
/// one to decompress first.
pub fn gzip(file: &[u8]) -> bool {
    file.starts_with(&GZIP_MAGIC)
}

/// What captures are often compressed or archived in, by magic number, and what to do about
/// it: a file in one of these is no capture and no message.
const PACKED: [(&[u8], &str); 6] = [
    (
        &GZIP_MAGIC,
        "a gzip-compressed file; decompress it first (gunzip)",
    ),
    (
        b"\xfd7zXZ\0",
        "an xz-compressed file; decompress it first (unxz)",
    ),
    (
        b"BZh",
        "a bzip2-compressed file; decompress it first (bunzip2)",
    ),
    (
        b"\x28\xb5\x2f\xfd",
        "a zstd-compressed file; decompress it first (unzstd)",
    ),
    (
        b"\x04\x22\x4d\x18",
        "an lz4-compressed file; decompress it first (unlz4)",
    ),
    (
        b"PK\x03\x04",
        "a zip archive; take the capture out of it first (unzip)",
    ),
];

/// When `file` starts as a compressed file or an archive does: what it is, and what to do.
pub fn packed(file: &[u8]) -> Option<&'static str> {
    PACKED
        .iter()
        .find(|(magic, _)| file.starts_with(magic))
        .map(|&(_, what)| what)
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn each_is_named_by_its_first_bytes() {
        assert!(gzip(&[0x1f, 0x8b, 8]) && !gzip(&[0x1f]));
        assert_eq!(
            packed(b"BZh9"),
            Some("a bzip2-compressed file; decompress it first (bunzip2)")
        );
        assert_eq!(packed(b"\xd4\xc3\xb2\xa1"), None);
    }
}
