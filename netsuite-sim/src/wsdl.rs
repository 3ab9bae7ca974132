//! Serving the WSDL and XSDs of each version from a schema folder, as NetSuite does at
//! `/wsdl/v<YYYY_N>_0/netsuite.wsdl` and `/xsd/<area>/v<YYYY_N>_0/<name>.xsd`.
//!
//! The folder holds one subfolder per version (`<folder>/2023_2/netsuite.wsdl`). Two layouts are
//! found in the wild and both work: XSDs beside the WSDL (`platform.core.xsd`, referenced as
//! `schemaLocation="platform.core.xsd"`) and XSDs in an `xsd/` subfolder (referenced as
//! `./xsd/platform.core.xsd`). Relative references resolve under `/wsdl/v<tag>_0/…`, so any path
//! below that prefix is served from the version folder. NetSuite's own XSD URLs
//! (`/xsd/platform/v2023_2_0/core.xsd`) map to `platform.core.xsd` in either layout.
//!
//! Without a schema folder, the same paths serve the simulator's own set ([`generated`],
//! [`crate::schema_gen`]) for every version it answers.
//!
//! The WSDL's `soap:address` (`https://webservices.netsuite.com/services/…`) is rewritten to
//! this simulator's origin. Paths with `..` are refused.

use std::path::{Path, PathBuf};

use crate::version::Version;

/// The file for a GET path, if the path is a WSDL/XSD path of a served version.
pub(crate) fn resolve(folder: &Path, path: &str) -> Option<(PathBuf, bool)> {
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.iter().any(|p| *p == ".." || p.contains('\\')) {
        return None;
    }
    match parts.as_slice() {
        ["wsdl", v, rest @ ..] if !rest.is_empty() => {
            let tag = version_dir(v)?;
            let file = folder.join(tag).join(rest.join("/"));
            let is_wsdl = rest.len() == 1 && rest[0].ends_with(".wsdl");
            file.is_file().then_some((file, is_wsdl))
        }
        ["xsd", area, v, name] => {
            let tag = version_dir(v)?;
            let flat = format!("{area}.{name}");
            [
                folder.join(&tag).join(&flat),
                folder.join(&tag).join("xsd").join(&flat),
            ]
            .into_iter()
            .find(|f| f.is_file())
            .map(|f| (f, false))
        }
        _ => None,
    }
}

/// The file of the generated set for a GET path (`/wsdl/v2023_2_0/netsuite.wsdl`,
/// `/wsdl/v2023_2_0/xsd/platform.core.xsd`, `/xsd/platform/v2023_2_0/core.xsd`), the WSDL's
/// address pointed at `origin`.
pub(crate) fn generated(path: &str, origin: &str) -> Option<String> {
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let (v, name) = match parts.as_slice() {
        ["wsdl", v, rest @ ..] if !rest.is_empty() => (*v, rest.join("/")),
        ["xsd", area, v, name] => (*v, format!("xsd/{area}.{name}")),
        _ => return None,
    };
    let version = Version::from_tag(&version_dir(v)?)?;
    let text = crate::schema_gen::file(version, &name)?;
    Some(if name.ends_with(".wsdl") {
        text.replace(
            "https://webservices.netsuite.com/services/",
            &format!("{origin}/services/"),
        )
    } else {
        text
    })
}

/// `v2023_2_0` → `2023_2` for a served version.
fn version_dir(v: &str) -> Option<String> {
    let tag = v.strip_prefix('v')?.strip_suffix("_0")?;
    Version::from_tag(tag).map(|v| v.tag())
}

/// Reads a file to serve; a WSDL gets its service address pointed at `origin`.
pub(crate) fn read(file: &Path, is_wsdl: bool, origin: &str) -> std::io::Result<Vec<u8>> {
    let bytes = std::fs::read(file)?;
    if !is_wsdl {
        return Ok(bytes);
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(text
        .replace(
            "https://webservices.netsuite.com/services/",
            &format!("{origin}/services/"),
        )
        .into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_both_layouts_and_refuses_escapes() {
        let dir = std::env::temp_dir().join(format!("nssim-wsdl-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("2017_1")).unwrap();
        std::fs::create_dir_all(dir.join("2023_2/xsd")).unwrap();
        std::fs::write(dir.join("2017_1/netsuite.wsdl"), "w").unwrap();
        std::fs::write(dir.join("2017_1/platform.core.xsd"), "x").unwrap();
        std::fs::write(dir.join("2023_2/xsd/platform.core.xsd"), "x").unwrap();
        assert!(resolve(&dir, "/wsdl/v2017_1_0/netsuite.wsdl").unwrap().1);
        assert!(resolve(&dir, "/wsdl/v2017_1_0/platform.core.xsd").is_some());
        assert!(resolve(&dir, "/wsdl/v2023_2_0/xsd//platform.core.xsd").is_some());
        assert!(resolve(&dir, "/xsd/platform/v2023_2_0/core.xsd").is_some());
        assert!(resolve(&dir, "/xsd/platform/v2017_1_0/core.xsd").is_some());
        assert!(resolve(&dir, "/wsdl/v2017_1_0/../2017_1/netsuite.wsdl").is_none());
        assert!(resolve(&dir, "/wsdl/v2016_2_0/netsuite.wsdl").is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn serves_the_generated_set_at_netsuites_paths() {
        let wsdl = generated("/wsdl/v2023_2_0/netsuite.wsdl", "http://127.0.0.1:9").unwrap();
        assert!(wsdl.contains("http://127.0.0.1:9/services/NetSuitePort_2023_2"));
        let core = generated("/wsdl/v2017_1_0/xsd/platform.core.xsd", "o").unwrap();
        assert!(core.contains("urn:core_2017_1.platform.webservices.netsuite.com"));
        assert_eq!(
            generated("/xsd/lists/v2023_2_0/relationships.xsd", "o"),
            generated("/wsdl/v2023_2_0/xsd/lists.relationships.xsd", "o")
        );
        assert!(generated("/wsdl/v2016_2_0/netsuite.wsdl", "o").is_none());
        assert!(generated("/wsdl/v2023_2_0/xsd/other.xsd", "o").is_none());
    }
}
