//! Dutch notation of the numbers in reports: counts with thousands
//! separators, percentages, amounts, hashes; and names with their labels.

use super::doc::{code, text, Content};
use crate::simulate::Total;
use engine::case::format_money;
use rust_decimal::Decimal;

/// Whole number with Dutch thousands separators: `1.000.000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A count with its noun in singular or plural: `1 geval`,
/// `1.250 gevallen`.
pub fn quantity(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `12,5%` of a part in a whole.
pub(crate) fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".into();
    }
    // In u128: `part × 1000` cannot overflow.
    let p = Decimal::from(u128::from(part) * 1000 / u128::from(whole)) / Decimal::from(10);
    format!("{}%", p.normalize().to_string().replace('.', ","))
}

pub(crate) fn money(d: Decimal) -> String {
    format_money(d.round_dp(2))
}

pub(crate) fn signed_money(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", money(d))
    } else {
        money(d)
    }
}

/// A total shown by `show` when exact, else the Dutch reason it is not.
pub(crate) fn show_total(t: Total, show: impl Fn(Decimal) -> String) -> String {
    match t.exact() {
        Some(d) => show(d),
        None => t.to_string(),
    }
}

/// A name with the label people read it by beside it, when it has one:
/// `iit_toekenning` (toekenning individuele inkomenstoeslag). Auditors need
/// both: the name is stable across versions, the label is what a decision
/// says.
pub(crate) fn named(name: &str, label: Option<&str>) -> Content {
    let mut c = vec![code(name)];
    if let Some(l) = label {
        c.push(text(format!(" ({l})")));
    }
    c
}

/// What a report writes in brackets after a name: its label and a detail
/// (its type, its article) in one bracket, `toekenning individuele
/// inkomenstoeslag; art. 3`; `None` when there is neither.
pub(crate) fn aside(label: Option<&str>, detail: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = label.into_iter().chain(detail).collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// `sha256:0123456789ab…`.
pub(crate) fn short_hash(h: &str) -> String {
    let hex = h.strip_prefix("sha256:").unwrap_or(h);
    format!("sha256:{}…", hex.get(..12).unwrap_or(hex))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_thousands_and_choose_the_noun() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1.000");
        assert_eq!(thousands(1_234_567), "1.234.567");
        assert_eq!(quantity(1, "geval", "gevallen"), "1 geval");
        assert_eq!(quantity(0, "geval", "gevallen"), "0 gevallen");
        assert_eq!(quantity(2500, "geval", "gevallen"), "2.500 gevallen");
    }

    #[test]
    fn percentages_amounts_and_hashes() {
        assert_eq!(percent(1, 8), "12,5%");
        assert_eq!(percent(1, 3), "33,3%");
        assert_eq!(percent(5, 0), "0%");
        assert_eq!(signed_money(Decimal::new(1250, 2)), "+€ 12,50");
        assert_eq!(signed_money(Decimal::new(-5, 0)), "-€ 5,00");
        assert_eq!(
            short_hash("sha256:0123456789abcdef"),
            "sha256:0123456789ab…"
        );
    }
}
