//! The tree's shape and child order, for every corpus message and every captured frame's lower
//! layers: v1 permalinks store tree paths (child indices), so a change here breaks shared links.
//! The golden files hold one line per message or frame (`tests/golden/shapes-*.txt`).

use dnslens_e2e::{corpus, golden, manifest, oracle_messages, shape, unhex};

#[test]
fn dns_trees_keep_their_shape() {
    let mut out = String::new();
    for (file, v) in oracle_messages() {
        let bytes = unhex(v["hex"].as_str().unwrap_or(""));
        let ports = (
            v["sport"].as_u64().unwrap_or(0),
            v["dport"].as_u64().unwrap_or(0),
        );
        let flavor = dnslens::dissect::layers::flavor_of(ports.0 as u16, ports.1 as u16);
        let m = dnslens::decode_as(&bytes, flavor);
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        out.push_str(&format!(
            "{} #{} ",
            name.trim_end_matches(".dnspython.jsonl"),
            v["idx"]
        ));
        shape(&m.tree, &mut out);
        out.push('\n');
    }
    assert!(out.lines().count() > 350, "every corpus message");
    golden("shapes-dns.txt", &out);
}

#[test]
fn lower_layers_keep_their_shape() {
    let mut out = String::new();
    for (name, _) in manifest() {
        let Ok(file) = std::fs::read(corpus().join("captures").join(&name)) else {
            continue;
        };
        let Ok(mut reader) = dnslens::input::capture::Reader::new(&file) else {
            continue;
        };
        for p in reader.by_ref() {
            let l = dnslens::dissect::layers::dissect(p.linktype, p.data);
            out.push_str(&format!("{name} {} ", p.number));
            for (i, f) in l.fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                shape(f, &mut out);
            }
            out.push('\n');
        }
    }
    assert!(out.lines().count() > 550, "every frame of the 72 captures");
    golden("shapes-layers.txt", &out);
}
