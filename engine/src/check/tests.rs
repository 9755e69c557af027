//! Checker unit tests: small rule files in, diagnostic codes (or a working
//! program) out.

use crate::api::{Engine, Request};
use crate::diag::Code;
use crate::source::SourceSet;
use serde_json::json;

const HEADER: &str = "regeling \"Test\"\n  id proef.casus\n  geldig vanaf 2024-01-01\n  bron \"Testverordening\"\n\n";

fn engine(body: &str) -> Engine {
    let mut s = SourceSet::new();
    s.add("rules/test/regeling/2024.regels", format!("{HEADER}{body}"));
    Engine::new(s)
}

/// The codes of all diagnostics (errors and warnings), sorted.
fn codes(body: &str) -> Vec<Code> {
    let e = engine(body);
    let mut c: Vec<Code> = e.diagnostics().iter().map(|d| d.code).collect();
    c.sort();
    c.dedup();
    c
}

fn assert_clean(body: &str) -> Engine {
    let e = engine(body);
    let msgs: Vec<String> = e
        .diagnostics()
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(msgs.is_empty(), "unexpected diagnostics: {msgs:#?}");
    e
}

#[test]
fn period_mismatch_is_reported() {
    let c = codes(
        "invoer a: bedrag per maand\ninvoer b: bedrag per jaar\nuitvoer totaal\nregel totaal: bedrag per maand = a + b\n",
    );
    assert_eq!(c, vec![Code::PeriodMismatch]);
}

#[test]
fn explicit_conversion_needs_rounding() {
    let c = codes(
        "invoer a: bedrag per jaar\nuitvoer m\nregel m: bedrag per maand = a omgerekend naar per maand\n",
    );
    assert_eq!(c, vec![Code::MissingRounding]);
    assert_clean(
        "invoer a: bedrag per jaar\nuitvoer m\nregel m: bedrag per maand = a omgerekend naar per maand afgerond op centen\n",
    );
}

#[test]
fn conversion_to_a_longer_period_is_exact() {
    assert_clean("invoer a: bedrag per maand\nuitvoer j\nregel j: bedrag per jaar = a omgerekend naar per jaar\n");
}

#[test]
fn percentage_of_money_needs_rounding() {
    assert_eq!(
        codes("invoer a: bedrag per maand\nuitvoer n\nregel n: bedrag per maand = 110% * a\n"),
        vec![Code::MissingRounding]
    );
}

#[test]
fn unknown_name_suggests_the_closest() {
    let e = engine("invoer inkomen: bedrag\nuitvoer x\nregel x: bedrag = inkomn\n");
    let d = e
        .diagnostics()
        .iter()
        .find(|d| d.code == Code::UnknownName)
        .expect("R0101");
    assert_eq!(d.help.as_deref(), Some("bedoelde u `inkomen`?"));
}

#[test]
fn optional_needs_a_check_and_narrowing_removes_the_need() {
    let body = "gegeven Persoon\n  geboortedatum: datum\ninvoer partner: Persoon?\nuitvoer oud\n";
    assert_eq!(
        codes(&format!(
            "{body}regel oud: ja/nee = leeftijd(partner.geboortedatum; peildatum) >= 65\n"
        )),
        vec![Code::MaybeEmpty]
    );
    assert_clean(&format!(
        "{body}regel oud: ja/nee = partner bestaat en leeftijd(partner.geboortedatum; peildatum) >= 65\n"
    ));
}

#[test]
fn cycles_are_reported_with_the_loop() {
    let e = engine("uitvoer a\nregel a: geheel getal = b + 1\nregel b: geheel getal = a + 1\n");
    let d = e
        .diagnostics()
        .iter()
        .find(|d| d.code == Code::Cycle)
        .expect("R0601");
    assert!(
        d.message.contains("`a`") && d.message.contains("`b`"),
        "{}",
        d.message
    );
}

#[test]
fn unused_input_warns_unless_declared_unused() {
    assert_eq!(
        codes("invoer x: ja/nee\nuitvoer y\nregel y: ja/nee = ja\n"),
        vec![Code::UnusedInput]
    );
    assert_clean(
        "invoer x: ja/nee\n  ongebruikt \"voor lagen\"\nuitvoer y\nregel y: ja/nee = ja\n",
    );
}

#[test]
fn unique_table_gap_and_overlap() {
    let table = |rows: &str| {
        format!(
            "keuze Soort: a | b | c\ninvoer s: Soort\nuitvoer x\nregel x: geheel getal = t(s)\ntabel t(s: Soort) -> n: geheel getal\n  beslis uniek\n  | s | n |\n{rows}"
        )
    };
    assert_eq!(
        codes(&table("  | a | 1 |\n  | b | 2 |\n")),
        vec![Code::TableGap]
    );
    assert_eq!(
        codes(&table("  | a, b | 1 |\n  | b, c | 2 |\n")),
        vec![Code::TableOverlap]
    );
    assert_clean(&table("  | a | 1 |\n  | b, c | 2 |\n"));
}

#[test]
fn a_row_of_the_wrong_width_is_r0404_without_a_follow_up_gap() {
    let e = engine(
        "keuze Hulpvraag: huishouden | wassen\ninvoer hulpvraag: Hulpvraag\nuitvoer tarief\nregel tarief: bedrag per uur = t(hulpvraag)\ntabel t(hulpvraag: Hulpvraag) -> tarief: bedrag per uur\n  beslis uniek\n  | hulpvraag  | tarief  |\n  | huishouden | € 17,25 |\n  | wassen |\n",
    );
    let d: Vec<String> = e
        .diagnostics()
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert_eq!(
        d,
        vec!["R0404 deze rij heeft 1 cel, de tabel heeft 2 kolommen"]
    );
}

#[test]
fn a_constraint_is_checked_on_every_value_from_the_start() {
    // The regeling ends before the second value starts. The library can
    // merge stretches into a program after compiling it, so the check must
    // not stop at the program's end date: the value written in the file
    // violates the eis and is reported.
    let mut s = SourceSet::new();
    s.add(
        "rules/test/regeling/2024.regels",
        "regeling \"Test\"\n  id proef.casus\n  geldig vanaf 2024-01-01 tot en met 2024-12-31\n  bron \"Testverordening\"\n\nuitvoer x\nregel x: bedrag = p\nparameter p: bedrag\n  vanaf 2024-01-01: € 1\n  vanaf 2025-01-01: € -1\neis \"p is niet negatief\" : p >= € 0\n".to_string(),
    );
    let e = Engine::new(s);
    let d: Vec<String> = e
        .diagnostics()
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].starts_with("R0801"), "{d:?}");
    assert!(d[0].contains("de waarden op 2025-01-01"), "{d:?}");
}

#[test]
fn numeric_ranges_are_analysed() {
    let table = |rows: &str| {
        format!(
            "invoer j: geheel getal\nuitvoer x\nregel x: geheel getal = t(j)\ntabel t(j: geheel getal) -> n: geheel getal\n  beslis uniek\n  | j | n |\n{rows}"
        )
    };
    assert_clean(&table(
        "  | <= 2012 | 65 |\n  | [2013..2020] | 66 |\n  | > 2020 | 67 |\n",
    ));
    assert_eq!(
        codes(&table(
            "  | <= 2012 | 65 |\n  | [2014..2020] | 66 |\n  | > 2020 | 67 |\n"
        )),
        vec![Code::TableGap]
    );
    assert_eq!(
        codes(&table(
            "  | <= 2013 | 65 |\n  | [2013..2020] | 66 |\n  | > 2020 | 67 |\n"
        )),
        vec![Code::TableOverlap]
    );
}

#[test]
fn parameter_timeline_gap() {
    let c = codes(
        "uitvoer x\nregel x: bedrag = p\nparameter p: bedrag\n  vanaf 2024-01-01 tot en met 2024-06-30: € 1\n  vanaf 2024-08-01: € 2\n",
    );
    assert_eq!(c, vec![Code::ParameterGap]);
}

#[test]
fn a_parameter_that_ends_in_an_open_ended_regeling_warns() {
    let body = "uitvoer x\nregel x: bedrag = p\nparameter p: bedrag\n  vanaf 2024-01-01 tot en met 2025-12-31: € 1\n";
    let e = engine(body);
    let d: Vec<String> = e
        .diagnostics()
        .iter()
        .map(|d| format!("{} {} {}", d.code, d.is_error(), d.message))
        .collect();
    assert_eq!(
        d,
        vec!["R0503 false parameter `p` eindigt op 2025-12-31, maar de regeling geldt zonder einddatum"]
    );
    // Without a last date the parameter covers the regeling: no warning.
    assert_clean("uitvoer x\nregel x: bedrag = p\nparameter p: bedrag\n  vanaf 2024-01-01: € 1\n");
}

#[test]
fn ladder_steps_must_be_enum_values() {
    let c = codes(
        "keuze Route: eigen_kracht | maatwerk\ninvoer ok: ja/nee\nuitvoer route\nafweging route: Route\n  stap eigen_kracht als ok\n  stap netwerk als ok\n  anders maatwerk\n",
    );
    assert_eq!(c, vec![Code::StepNotInChoice]);
}

/// A definition with an error still uses its inputs: the checker reports
/// the error, not a knock-on R0701 for the inputs it names.
#[test]
fn a_definition_with_an_error_still_uses_its_inputs() {
    let route = "keuze Route: eigen_kracht | maatwerk\ninvoer ok: ja/nee\ninvoer hulp: ja/nee\nuitvoer route\n";
    // A step that is no value of the keuze.
    assert_eq!(
        codes(&format!("{route}afweging route: Route\n  stap eigen_kracht als ok\n  stap netwerk als hulp\n  anders maatwerk\n")),
        vec![Code::StepNotInChoice]
    );
    // A ladder whose type is no keuze.
    assert_eq!(
        codes("invoer ok: ja/nee\nuitvoer route\nafweging route: getal\n  stap hoog als ok\n  anders gewoon\n"),
        vec![Code::TypeMismatch]
    );
    // A misspelt input: the help names it, so it is not unused as well.
    assert_eq!(
        codes("invoer inkomen: bedrag\nuitvoer x\nregel x: bedrag = inkomn\n"),
        vec![Code::UnknownName]
    );
    // An exception on a rule that does not exist.
    assert_eq!(
        codes("invoer ok: ja/nee\ninvoer b: bedrag\nuitvoer x\nregel x: bedrag = € 1\nuitzondering \"u\" op y\n  als ok\n  dan b\n"),
        vec![Code::UnknownName]
    );
    // A step added to a ladder that does not exist.
    assert_eq!(
        codes(&format!("{route}afweging route: Route\n  stap eigen_kracht als ok\n  anders maatwerk\nstap maatwerk in routes voor maatwerk als hulp\n")),
        vec![Code::UnknownName]
    );
}

#[test]
fn evaluates_a_ladder_with_exceptions_and_dated_parameters() {
    let e = assert_clean(
        "keuze Reden: vrijgesteld | tarief\n\
         invoer vrij: ja/nee\n\
         uitvoer reden, bijdrage\n\
         parameter tarief: bedrag per maand\n  vanaf 2024-01-01: € 20,60\n  vanaf 2025-01-01: € 21,00\n\
         artikel \"3.8\"\n\
         afweging reden: Reden\n  stap vrijgesteld als vrij\n  anders tarief\n\
         regel bijdrage: bedrag per maand = tarief\n\
         uitzondering \"vrijstelling\" op bijdrage\n  als reden = vrijgesteld\n  dan € 0\n",
    );
    let run = |date: &str, vrij: bool| {
        e.evaluate(
            "proef.casus",
            &json!({"peildatum": date, "vrij": vrij}),
            &Request::default(),
        )
        .map(|o| o.to_json()["outputs"].clone())
    };
    assert_eq!(
        run("2024-12-31", false).unwrap(),
        json!({"reden": "tarief", "bijdrage": "20.60"})
    );
    assert_eq!(
        run("2025-01-01", false).unwrap(),
        json!({"reden": "tarief", "bijdrage": "21.00"})
    );
    assert_eq!(
        run("2025-01-01", true).unwrap(),
        json!({"reden": "vrijgesteld", "bijdrage": "0.00"})
    );
    assert!(run("2023-12-31", false).is_err());
}

#[test]
fn layers_add_steps_exceptions_and_enum_values() {
    let mut s = SourceSet::new();
    s.add(
        "rules/basis/2024.regels",
        "regeling \"Basis\"\n  id basis\n  geldig vanaf 2024-01-01\n\n\
         keuze Reden: a | c\ninvoer x: geheel getal\nuitvoer reden, n\n\
         afweging reden: Reden\n  stap a als x = 1\n  anders c\n\
         regel n: geheel getal = x\n",
    );
    s.add(
        "rules/lokaal/2024.regels",
        "regeling \"Laag\"\n  id lokaal\n  geldig vanaf 2024-06-01\n  laag op basis\n\n\
         keuze Reden uitgebreid met b\n\
         stap b in reden voor a als x = 2\n\
         uitzondering \"groot\" op n\n  als x > 10\n  dan 10\n",
    );
    let e = Engine::new(s);
    assert!(e.diagnostics().is_empty(), "{:#?}", e.diagnostics());
    let out = |r: &str, x: i64| {
        e.evaluate(
            r,
            &json!({"peildatum": "2024-07-01", "x": x}),
            &Request::default(),
        )
        .map(|o| o.to_json()["outputs"].clone())
        .map_err(|e| e.to_string())
    };
    assert_eq!(out("lokaal", 2).unwrap(), json!({"reden": "b", "n": 2}));
    assert_eq!(out("lokaal", 20).unwrap(), json!({"reden": "c", "n": 10}));
    assert_eq!(out("basis", 20).unwrap(), json!({"reden": "c", "n": 20}));
    // Before the layer is in force there is no version of it.
    let before = e.evaluate(
        "lokaal",
        &json!({"peildatum": "2024-03-01", "x": 1}),
        &Request::default(),
    );
    assert!(before.unwrap_err().to_string().contains("geen versie"));
}

/// A national regeling with a keuze and a table on it, to be used.
const NORM_HEAD: &str = "regeling \"Norm\"\n  id landelijk.norm\n";
const NORM_BODY: &str = "keuze Leefvorm: alleen | samen\n\
    tabel norm(l: Leefvorm) -> hoogte: bedrag per maand\n  beslis uniek\n  | l | hoogte |\n  | alleen | € 1.000 |\n  | samen | € 1.500 |\n";

/// The outputs of regeling `gebruiker` for `leefvorm` samen in May 2024.
fn outputs_for_samen(e: &Engine) -> serde_json::Value {
    e.evaluate(
        "gebruiker",
        &json!({"peildatum": "2024-05-01", "leefvorm": "samen"}),
        &Request::default(),
    )
    .expect("evaluates")
    .to_json()["outputs"]
        .clone()
}

#[test]
fn imports_expose_functions_tables_and_types() {
    let mut s = SourceSet::new();
    s.add(
        "rules/norm/2024.regels",
        format!("{NORM_HEAD}  geldig vanaf 2024-01-01 tot en met 2024-12-31\n\n{NORM_BODY}"),
    );
    s.add(
        "rules/gebruiker/2024.regels",
        "regeling \"Gebruiker\"\n  id gebruiker\n  geldig vanaf 2024-01-01\n\n\
         gebruik landelijk.norm als n\n\
         invoer leefvorm: n.Leefvorm\nuitvoer grens\n\
         regel grens: bedrag per maand = 110% * n.norm(leefvorm) afgerond op centen\n",
    );
    let e = Engine::new(s);
    let errors: Vec<_> = e.diagnostics().iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(outputs_for_samen(&e), json!({"grens": "1650.00"}));
    // The used regeling ends: the user fails clearly after that.
    let err = e
        .evaluate(
            "gebruiker",
            &json!({"peildatum": "2025-01-01", "leefvorm": "samen"}),
            &Request::default(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("landelijk.norm"), "{err}");
}

/// A national regeling with a keuze, a local layer on it (`extra` is its
/// body), and a regeling that uses both: the national keuze reached
/// directly and through the layer.
fn used_directly_and_through_a_layer(extra: &str) -> Engine {
    let mut s = SourceSet::new();
    s.add(
        "rules/norm/2024.regels",
        format!("{NORM_HEAD}  geldig vanaf 2024-01-01\n\n{NORM_BODY}"),
    );
    s.add(
        "rules/lokale-norm/2024.regels",
        format!(
            "regeling \"Lokale norm\"\n  id lokaal.norm\n  geldig vanaf 2024-01-01\n  laag op landelijk.norm\n\n{extra}"
        ),
    );
    s.add(
        "rules/gebruiker/2024.regels",
        "regeling \"Gebruiker\"\n  id gebruiker\n  geldig vanaf 2024-01-01\n\n\
         gebruik landelijk.norm als n\n\
         gebruik lokaal.norm als lokaal\n\
         invoer leefvorm: n.Leefvorm\nuitvoer grens\n\
         regel grens: bedrag per maand = lokaal.norm(leefvorm)\n",
    );
    Engine::new(s)
}

/// The messages of the diagnostics that `keep` selects.
fn messages_where(e: &Engine, keep: impl Fn(&crate::diag::Diagnostic) -> bool) -> Vec<String> {
    e.diagnostics()
        .iter()
        .filter(|d| keep(d))
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn a_keuze_reached_through_a_layer_is_the_same_type() {
    let e = used_directly_and_through_a_layer("parameter toeslag: bedrag per maand = € 5\n");
    let errors = messages_where(&e, |d| d.is_error());
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(outputs_for_samen(&e), json!({"grens": "1500.00"}));
}

/// A layer that extends the keuze makes another type; the message says
/// which regeling each of the two `Leefvorm`s comes from.
#[test]
fn two_types_with_one_name_are_told_apart_by_their_regeling() {
    let e = used_directly_and_through_a_layer("keuze Leefvorm uitgebreid met kostendeler\n");
    assert_eq!(
        messages_where(&e, |d| d.code == Code::TypeMismatch),
        ["verwacht Leefvorm (uit lokaal.norm), maar dit is Leefvorm (uit landelijk.norm)"]
    );
}

/// A base regeling and a layer on it, checked together.
fn layered(base_body: &str, layer_body: &str) -> Engine {
    let mut s = SourceSet::new();
    s.add(
        "rules/basis/2024.regels",
        format!("regeling \"Basis\"\n  id basis\n  geldig vanaf 2024-01-01\n\n{base_body}"),
    );
    s.add(
        "rules/lokaal/2024.regels",
        format!(
            "regeling \"Laag\"\n  id lokaal\n  geldig vanaf 2024-01-01\n  laag op basis\n\n{layer_body}"
        ),
    );
    Engine::new(s)
}

/// The R0207 messages of a layered pair.
fn replacement_errors(base_body: &str, layer_body: &str) -> Vec<String> {
    let e = layered(base_body, layer_body);
    e.diagnostics()
        .iter()
        .filter(|d| d.code == Code::ReplacementShape)
        .map(|d| {
            assert_eq!(
                d.related.len(),
                1,
                "the base definition is the second label"
            );
            format!("{} / {}", d.message, d.related[0].label)
        })
        .collect()
}

#[test]
fn a_replacement_keeps_the_type_of_the_base() {
    let base = "invoer x: geheel getal\nuitvoer n\n\
        parameter grens: geheel getal = 10\n\
        functie halveer(a: getal): getal = a / 2\n\
        tabel tarief(k: geheel getal) -> hoogte: bedrag\n  beslis eerste\n  | k | hoogte |\n  | - | € 1 |\n\
        regel n: geheel getal = als x > grens dan x anders grens\n";
    // The same kind and type: a clean replacement.
    let e = layered(
        base,
        "vervang parameter grens: geheel getal = 12\nvervang regel n: geheel getal = x\n",
    );
    assert!(e.diagnostics().is_empty(), "{:#?}", e.diagnostics());
    assert_eq!(
        replacement_errors(base, "vervang parameter grens: getal = 12\n"),
        ["`vervang`: `grens` heeft in de basis het type geheel getal, hier getal / in de basis: geheel getal"]
    );
    assert_eq!(
        replacement_errors(base, "vervang functie halveer(a: getal): geheel getal = 1\n"),
        ["`vervang`: `halveer` heeft in de basis het type (getal): getal, hier (getal): geheel getal / in de basis: (getal): getal"]
    );
    assert_eq!(
        replacement_errors(
            base,
            "vervang tabel tarief(k: geheel getal) -> prijs: bedrag\n  beslis eerste\n  | k | prijs |\n  | - | € 2 |\n"
        ),
        ["`vervang`: `tarief` heeft in de basis het type (geheel getal) -> hoogte: bedrag, hier (geheel getal) -> prijs: bedrag / in de basis: (geheel getal) -> hoogte: bedrag"]
    );
    assert_eq!(
        replacement_errors(base, "vervang regel grens: geheel getal = 12\n"),
        ["`vervang`: `grens` is in de basis een parameter, hier een regel / in de basis een parameter"]
    );
}

/// A replacement of another type is set aside: the base's rules are
/// checked against the type they were written for, and the inputs the
/// replacement names still count as used. R0207 alone.
#[test]
fn a_rejected_replacement_has_no_knock_ons() {
    let base = "invoer inkomen: bedrag per maand\nuitvoer toeslag, totaal\n\
        parameter tarief: bedrag per maand = € 20,00\n\
        regel toeslag: bedrag per maand = inkomen + tarief\n\
        regel totaal: bedrag per maand = toeslag\n";
    let layer = "invoer toeslag_jaar: bedrag per jaar\n\
        vervang parameter tarief: bedrag per jaar = € 240,00\n\
        vervang regel toeslag: bedrag per jaar = toeslag_jaar\n";
    let e = layered(base, layer);
    let codes: Vec<Code> = e.diagnostics().iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [Code::ReplacementShape, Code::ReplacementShape],
        "{:#?}",
        e.diagnostics()
    );
}

#[test]
fn texts_are_joined_with_plus() {
    let e = assert_clean(
        "keuze Hulp: huishouden | wassen\ninvoer naam: tekst\ninvoer titel: tekst?\ninvoer hulp: Hulp\n\
         uitvoer aanhef\n\
         parameter groet: tekst = \"Beste\" + \" \"\n\
         regel aanhef: tekst = groet + waarde(titel; \"\") + naam + \", uw hulpvraag: \" + tekst(hulp) + \".\"\n",
    );
    let o = e
        .evaluate(
            "proef.casus",
            &json!({"peildatum": "2024-05-01", "naam": "Jan", "titel": null, "hulp": "wassen"}),
            &Request::default(),
        )
        .unwrap();
    assert_eq!(
        o.to_json()["outputs"],
        json!({"aanhef": "Beste Jan, uw hulpvraag: wassen."})
    );
}

#[test]
fn a_text_does_not_add_to_a_number() {
    let e = engine("invoer naam: tekst\ninvoer n: geheel getal\nuitvoer a, b\nregel a: tekst = naam + n\nregel b: tekst = naam - naam\n");
    let helps: Vec<(String, Option<String>)> = e
        .diagnostics()
        .iter()
        .map(|d| {
            assert_eq!(d.code, Code::TypeMismatch);
            (d.message.clone(), d.help.clone())
        })
        .collect();
    assert_eq!(
        helps,
        [
            (
                "een geheel getal kan niet worden opgeteld bij een tekst".to_string(),
                Some("`+` plakt alleen teksten aan elkaar: maak van de andere waarde eerst tekst, met `tekst(…)`".to_string())
            ),
            (
                "een tekst kan niet worden afgetrokken van een tekst".to_string(),
                Some("teksten kunt u alleen aan elkaar plakken, met `+`".to_string())
            ),
        ]
    );
}

#[test]
fn an_unknown_output_is_a_rule_that_no_rule_defines() {
    let e = engine(
        "invoer inkomen: bedrag per maand\nuitvoer toeslag, toelsag\nregel toeslag: bedrag per maand = inkomen\n",
    );
    let located: Vec<_> = e
        .diagnostics()
        .iter()
        .map(|d| crate::diag::locate(d, e.sources()))
        .collect();
    assert_eq!(located.len(), 1, "{located:#?}");
    assert_eq!(located[0].code, Code::UnknownName);
    insta::assert_snapshot!(serde_json::to_string_pretty(&located[0]).expect("serializes"));
}

#[test]
fn located_diagnostics_carry_their_related_places() {
    let e = engine("keuze Soort: a | b\nkeuze Soort: c | d\n");
    let located: Vec<_> = e
        .diagnostics()
        .iter()
        .map(|d| crate::diag::locate(d, e.sources()))
        .filter(|d| d.code == Code::DuplicateName)
        .collect();
    assert_eq!(located.len(), 1, "{located:#?}");
    let header_lines = HEADER.lines().count();
    let d = &located[0];
    assert_eq!((d.at.line, d.at.column), (header_lines + 2, 7));
    assert_eq!(d.related.len(), 1, "{d:#?}");
    let first = &d.related[0];
    assert_eq!(first.at.path, "rules/test/regeling/2024.regels");
    assert_eq!(
        (
            first.at.line,
            first.at.column,
            first.at.end_line,
            first.at.end_column
        ),
        (header_lines + 1, 7, header_lines + 1, 12)
    );
    assert_eq!(first.label, "eerste definitie");
}

// ------------------------------------------------------------ `over`

const OVER_INPUTS: &str = "invoer m: bedrag per maand\ninvoer j: bedrag per jaar\ninvoer w: bedrag per week\ninvoer t: bedrag\ninvoer n: geheel getal\n";

/// The R0202 (or other) diagnostics of one rule over the `over` inputs,
/// as (code, message, help).
fn over_diagnostics(rule: &str) -> Vec<(Code, String, Option<String>)> {
    let e = engine(&format!("{OVER_INPUTS}uitvoer x\n{rule}\n"));
    e.diagnostics()
        .iter()
        .filter(|d| d.code != Code::UnusedInput)
        .map(|d| (d.code, d.message.clone(), d.help.clone()))
        .collect()
}

#[test]
fn over_takes_an_amount_per_period_over_a_span_of_time() {
    let e = engine(&format!(
        "{OVER_INPUTS}uitvoer jaar_uit_maand, uit_aantal, half_jaar, terug, twee_jaar\n\
         regel jaar_uit_maand: bedrag = m over 12 maanden\n\
         regel uit_aantal: bedrag = m over n maanden\n\
         regel half_jaar: bedrag = j over 6 maanden afgerond op centen\n\
         regel terug: bedrag per maand = t verdeeld over 12 maanden afgerond op centen\n\
         regel twee_jaar: bedrag = m over 2 jaar\n"
    ));
    let errors: Vec<_> = e
        .diagnostics()
        .iter()
        .filter(|d| d.code != Code::UnusedInput)
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let out = e
        .evaluate(
            "proef.casus",
            &json!({"peildatum": "2024-06-01", "m": "50.00", "j": "1000.00", "w": "1.00",
                    "t": "100.00", "n": 7}),
            &Request::default(),
        )
        .map(|o| o.to_json()["outputs"].clone())
        .expect("evaluates");
    assert_eq!(
        out,
        json!({"jaar_uit_maand": "600.00", "uit_aantal": "350.00", "half_jaar": "500.00",
               "terug": "8.33", "twee_jaar": "1200.00"})
    );
}

#[test]
fn spreading_over_zero_months_is_an_evaluation_error() {
    let e = engine(&format!(
        "{OVER_INPUTS}uitvoer x\nregel x: bedrag per maand = t verdeeld over n maanden afgerond op centen\n"
    ));
    let err = e
        .evaluate(
            "proef.casus",
            &json!({"peildatum": "2024-06-01", "m": "1.00", "j": "1.00", "w": "1.00",
                    "t": "100.00", "n": 0}),
            &Request::default(),
        )
        .expect_err("division by zero");
    assert!(err.to_string().contains("deling door nul"), "{err}");
}

#[test]
fn over_a_shorter_unit_or_a_division_needs_rounding() {
    for rule in [
        "regel x: bedrag = j over 6 maanden",
        "regel x: bedrag per maand = t verdeeld over 12 maanden",
    ] {
        let d = over_diagnostics(rule);
        assert_eq!(d.len(), 1, "{rule}: {d:#?}");
        assert_eq!(d[0].0, Code::MissingRounding, "{rule}");
    }
}

#[test]
fn over_across_weeks_and_months_shows_the_conversion() {
    let d = over_diagnostics("regel x: bedrag = w over 12 maanden");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].0, Code::PeriodMismatch);
    assert_eq!(
        d[0].1,
        "een bedrag per week kan niet precies over 12 maanden worden genomen"
    );
    assert_eq!(
        d[0].2.as_deref(),
        Some("reken eerst expliciet om: `… omgerekend naar per maand over 12 maanden` (12 maanden, 13 vierweekse perioden, 52 weken per jaar)")
    );
    // The hinted form is accepted.
    assert_eq!(
        over_diagnostics(
            "regel x: bedrag = w omgerekend naar per maand over 12 maanden afgerond op centen"
        ),
        vec![]
    );
}

#[test]
fn over_and_spread_point_at_each_other() {
    let d = over_diagnostics("regel x: bedrag per maand = t over 12 maanden");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].0, Code::PeriodMismatch);
    assert!(
        d[0].2
            .as_deref()
            .is_some_and(|h| h.contains("`… verdeeld over 12 maanden`")),
        "{d:#?}"
    );
    let d = over_diagnostics("regel x: bedrag = m verdeeld over 12 maanden");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].2.as_deref(),
        Some("het totaal over die tijd: `… over 12 maanden`")
    );
}

#[test]
fn over_refuses_days_hours_and_non_amounts() {
    for (rule, code) in [
        (
            "regel x: bedrag per maand = t verdeeld over 30 dagen",
            Code::PeriodMismatch,
        ),
        ("regel x: bedrag = m over 30 dagen", Code::PeriodMismatch),
        (
            "invoer u: bedrag per uur\nregel x: bedrag = u over 3 maanden",
            Code::PeriodMismatch,
        ),
        ("regel x: bedrag = n over 3 maanden", Code::TypeMismatch),
        ("regel x: bedrag = m over t maanden", Code::TypeMismatch),
    ] {
        let d = over_diagnostics(rule);
        assert_eq!(
            d.iter().map(|d| d.0).collect::<Vec<_>>(),
            vec![code],
            "{rule}: {d:#?}"
        );
    }
}

#[test]
fn period_mismatch_hints_at_over_where_it_fits() {
    // A monthly amount where a total is wanted: `over`, not `omgerekend`.
    let d = over_diagnostics("regel x: bedrag = m");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].0, Code::PeriodMismatch);
    assert_eq!(
        d[0].2.as_deref(),
        Some(
            "een bedrag per maand over een tijd is een bedrag zonder periode: `… over 12 maanden`"
        )
    );
    // A total where a monthly amount is wanted: `per maand` or `verdeeld over`.
    let d = over_diagnostics("regel x: bedrag per maand = t");
    assert_eq!(
        d[0].2.as_deref(),
        Some("geef het bedrag een periode met `… per maand`, of verdeel een totaal: `… verdeeld over 12 maanden` (een bedrag per maand)")
    );
    // Multiplying by a duration names the operation that does it.
    let d = over_diagnostics("regel x: bedrag = m * 12 maanden");
    assert_eq!(d[0].0, Code::TypeMismatch);
    assert_eq!(
        d[0].2.as_deref(),
        Some("een bedrag per maand over een tijd: `… over 12 maanden`")
    );
}

#[test]
fn bounds_are_constants_of_the_value_type() {
    let e = assert_clean(
        "invoer kamers: geheel getal minimaal 0\n\
         invoer inkomen: bedrag per maand? minimaal € 0\n\
         invoer pct: percentage minimaal 0 % maximaal 100 %\n\
         invoer factor: getal minimaal -1,5 maximaal 2\n\
         uitvoer x\n\
         regel x: getal afwijkbaar minimaal 1 maximaal 1 =\n  \
           kamers * factor * pct + (als inkomen bestaat dan 1 anders 0)\n",
    );
    let date = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).expect("date");
    let program = e.program("proef.casus", date).expect("program");
    let ranges: Vec<String> = program
        .inputs
        .iter()
        .map(|i| format!("{}: {:?}", i.name, i.range.map(|r| (r.min, r.max))))
        .collect();
    assert_eq!(
        ranges,
        [
            "peildatum: None",
            "kamers: Some((Some(0), None))",
            "inkomen: Some((Some(0), None))",
            "pct: Some((Some(0), Some(1)))",
            "factor: Some((Some(-1.5), Some(2)))",
        ]
    );
    let rule = &program.rules[0];
    assert_eq!(
        rule.override_range.map(|r| (r.min, r.max)),
        Some((Some(1.into()), Some(1.into())))
    );
    // A bound of another kind than the value, on a type without bounds, or not a constant.
    for body in [
        "invoer a: bedrag minimaal 0 ongebruikt \"x\"\n",
        "invoer a: geheel getal minimaal 0,5 ongebruikt \"x\"\n",
        "invoer a: percentage maximaal 1 ongebruikt \"x\"\n",
        "invoer a: ja/nee minimaal 0 ongebruikt \"x\"\n",
        "invoer a: lijst van geheel getal minimaal 0 ongebruikt \"x\"\n",
        "invoer a: getal minimaal b ongebruikt \"x\"\ninvoer b: getal ongebruikt \"x\"\n",
        "regel y: getal afwijkbaar maximaal 5 % = 1\n",
    ] {
        let body = format!("uitvoer x\nregel x: getal = 1\n{body}");
        assert_eq!(codes(&body), [Code::BoundTypeMismatch], "{body}");
    }
    assert_eq!(
        codes("uitvoer x\nregel x: getal = 1\ninvoer a: getal minimaal 2 maximaal 1 ongebruikt \"x\"\n"),
        [Code::EmptyRange]
    );
}

#[test]
fn a_gegeven_fields_bounds_are_checked_like_an_inputs_and_reach_the_program() {
    let e = assert_clean(
        "gegeven Voorziening\n  soort: tekst\n  stuks: geheel getal minimaal 0 label \"aantal\"\n  \
           bijdrage: bedrag per maand? minimaal € 0 maximaal € 100\n\
         invoer voorzieningen: lijst van Voorziening\n\
         uitvoer x\nregel x: geheel getal = aantal v in voorzieningen\n",
    );
    let date = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).expect("date");
    let program = e.program("proef.casus", date).expect("program");
    let r = program
        .types
        .records
        .iter()
        .find(|r| r.name == "Voorziening")
        .expect("record");
    let ranges: Vec<_> = (0..r.fields.len())
        .map(|k| r.field_range(k).map(|r| (r.min, r.max)))
        .collect();
    assert_eq!(
        ranges,
        [
            None,
            Some((Some(0.into()), None)),
            Some((Some(0.into()), Some(100.into())))
        ]
    );
    assert_eq!(r.field_display(1), "aantal");
    // The same mistakes as an input's bounds, with the same codes.
    for (field, code) in [
        ("n: bedrag minimaal 0", Code::BoundTypeMismatch),
        ("n: ja/nee minimaal 0", Code::BoundTypeMismatch),
        ("n: geheel getal minimaal 2 maximaal 1", Code::EmptyRange),
    ] {
        let body = format!(
            "gegeven G\n  {field}\ninvoer g: G ongebruikt \"x\"\nuitvoer x\nregel x: getal = 1\n"
        );
        assert_eq!(codes(&body), [code], "{body}");
    }
}

/// A parameter's label and a table column's label are what the explanation
/// says; the names stay what the case and the rule file use.
#[test]
fn parameter_and_table_column_labels_are_read_in_the_explanation() {
    let e = assert_clean(
        "invoer n: geheel getal\nuitvoer x\n\
         parameter ink_grens: bedrag per maand\n  label \"inkomensgrens\"\n  vanaf 2024-01-01: € 1.000\n\
         tabel tarieven(n_pers: geheel getal label \"aantal personen\") -> tar: bedrag per maand label \"tarief\"\n  \
           beslis eerste\n  | n_pers | tar |\n  | 1 | € 10 |\n  | - | € 20 |\n\
         regel x: bedrag per maand = ink_grens + tarieven(n)\n",
    );
    let request = crate::Request {
        trace: true,
        ..crate::Request::default()
    };
    let outcome = e
        .evaluate(
            "proef.casus",
            &json!({"peildatum": "2024-06-01", "n": 1}),
            &request,
        )
        .expect("evaluates");
    let text = outcome.explain();
    assert!(
        text.contains("- inkomensgrens: € 1.000,00 per maand"),
        "{text}"
    );
    assert!(
        text.contains("- tabel tarieven") && text.contains("bij aantal personen 1 past rij 1"),
        "{text}"
    );
    assert!(
        !text.contains("ink grens") && !text.contains("n pers"),
        "{text}"
    );
    let date = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).expect("date");
    let program = e.program("proef.casus", date).expect("program");
    assert_eq!(program.params[0].display_name(), "inkomensgrens");
    let t = &program.tables[0];
    assert_eq!(
        (t.column_display_name(0), t.column_display_name(1)),
        ("aantal personen".to_string(), "tarief".to_string())
    );
}

/// Labels reach the program beside their names, also for values a layer adds after values
/// without one, and the schema the app asks from carries them.
#[test]
fn labels_and_questions_reach_the_program_and_the_schema() {
    let e = layered(
        "keuze Reden: a | c label \"reden c\"\n\
         gegeven P\n  d: datum label \"geboortedatum\"\n\
         invoer p: P\ninvoer x: geheel getal\n  label \"aantal\"\n  vraag \"Hoeveel?\"\n  hulp \"Tel ze.\"\n\
         uitvoer reden, n\n\
         afweging reden: Reden\n  label \"de reden\"\n  stap a als x = 1 en p.d < 2000-01-01\n  anders c\n\
         regel n: geheel getal label \"aantal keer\" = x\n",
        "keuze Reden uitgebreid met b | e label \"reden e\"\n",
    );
    assert!(e.diagnostics().is_empty(), "{:#?}", e.diagnostics());
    let date = chrono::NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
    let program = e.program("lokaal", date).unwrap();
    let reden = program
        .types
        .enums
        .iter()
        .find(|t| t.name == "Reden")
        .unwrap();
    let shown: Vec<String> = (0..reden.values.len())
        .map(|k| reden.value_display(k))
        .collect();
    assert_eq!(shown, ["a", "reden c", "b", "reden e"]);
    let rules: Vec<String> = program.rules.iter().map(|r| r.display_name()).collect();
    assert_eq!(rules, ["de reden", "aantal keer"]);
    let schema = e.schema("lokaal", date).unwrap();
    let x = &schema["invoer"][2];
    assert_eq!(
        (&x["naam"], &x["label"], &x["vraag"], &x["hulp"]),
        (
            &json!("x"),
            &json!("aantal"),
            &json!("Hoeveel?"),
            &json!("Tel ze.")
        )
    );
    // Without `vraag` the app asks for the name.
    assert_eq!(schema["invoer"][1]["vraag"], json!("P"));
    assert_eq!(
        schema["invoer"][1]["type"]["velden"][0]["label"],
        json!("geboortedatum")
    );
    assert_eq!(schema["uitvoer"][0]["label"], json!("de reden"));
}

#[test]
fn a_gegeven_that_requires_itself_is_refused_with_its_cycle() {
    let uses = "invoer a: A\nuitvoer x\nregel x: tekst = a.naam\n";
    let e = engine(&format!(
        "gegeven A\n  naam: tekst\n  b: B\n\ngegeven B\n  a: A\n\n{uses}"
    ));
    let found: Vec<_> = e
        .diagnostics()
        .iter()
        .filter(|d| d.code == Code::RecordContainsItself)
        .collect();
    assert_eq!(found.len(), 1, "one diagnostic per cycle: {found:?}");
    assert!(
        found[0].message.contains("`A` → `B` → `A`"),
        "{}",
        found[0].message
    );
    assert_eq!(
        codes(&format!("gegeven A\n  naam: tekst\n  a: A\n\n{uses}")),
        vec![Code::RecordContainsItself]
    );
}

#[test]
fn a_gegeven_may_contain_itself_through_an_optional_or_a_list() {
    let e = assert_clean(
        "gegeven Persoon\n  naam: tekst\n  partner: Persoon?\n  kinderen: lijst van Kind\n\n\
         gegeven Kind\n  ouder: Persoon\n\n\
         invoer aanvrager: Persoon\nuitvoer heeft_partner\n\
         regel heeft_partner: ja/nee = aanvrager.partner bestaat\n",
    );
    let r = e.evaluate(
        "proef.casus",
        &json!({
            "peildatum": "2024-06-01",
            "aanvrager": { "naam": "A", "kinderen": [], "partner": {
                "naam": "B", "kinderen": [], "partner": { "naam": "C", "kinderen": [], "partner": null } } }
        }),
        &Request::default(),
    );
    let outputs = r.expect("evaluates").to_json()["outputs"].clone();
    assert_eq!(outputs, json!({ "heeft_partner": true }));
}

#[test]
fn an_intended_end_answers_the_warning_about_the_end_only() {
    assert_clean(
        "uitvoer x\nregel x: bedrag = p\nparameter p: bedrag\n  vanaf 2024-01-01 tot en met 2025-12-31: € 1\n  einde \"nog niet bekend\"\n",
    );
    // A late start is not answered by it.
    let body = "uitvoer x\nregel x: bedrag = p\nparameter p: bedrag\n  vanaf 2024-02-01 tot en met 2025-12-31: € 1\n  einde \"nog niet bekend\"\n";
    let d: Vec<String> = engine(body)
        .diagnostics()
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        d,
        ["parameter `p` begint op 2024-02-01, na het begin van de regeling (2024-01-01)"]
    );
}

/// The used regeling of the top-up tests: `norm` ends on 2025-12-31 (test
/// values only).
const NORMEN: &str = "regeling \"Normen\"\n  id proef.normen\n  geldig vanaf 2025-01-01\n\n\
     uitvoer nu\nregel nu: bedrag = norm\n\
     parameter norm: bedrag\n  vanaf 2025-01-01 tot en met 2025-12-31: € 100\n  einde \"test\"\n";

/// `proef.normen` (a norm through 2025) and `proef.gebruiker`, which uses
/// it as `normen` with `body` (test values only).
fn with_norm(body: &str) -> Engine {
    let mut s = SourceSet::new();
    s.add("rules/normen/2025.regels", NORMEN);
    s.add(
        "rules/gebruiker/2025.regels",
        format!(
            "regeling \"Gebruiker\"\n  id proef.gebruiker\n  geldig vanaf 2025-01-01\n\n\
             gebruik proef.normen als normen\nuitvoer x\nregel x: bedrag = normen.norm\n{body}"
        ),
    );
    Engine::new(s)
}

fn messages(e: &Engine) -> Vec<String> {
    e.diagnostics()
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

#[test]
fn a_top_up_fills_only_the_days_the_used_regeling_has_no_value() {
    let e = with_norm("aanvulling normen.norm\n  bron \"test\"\n  vanaf 2026-01-01 tot en met 2026-12-31: € 110\n  einde \"test\"\n");
    assert!(e.diagnostics().is_empty(), "{:#?}", e.diagnostics());
    let x = |day: &str| {
        e.evaluate(
            "proef.gebruiker",
            &json!({"peildatum": day}),
            &Request::default(),
        )
        .map(|o| o.to_json()["outputs"]["x"].clone())
        .map_err(|e| e.to_string())
    };
    assert_eq!(x("2025-12-31").unwrap(), json!("100.00"));
    assert_eq!(x("2026-01-01").unwrap(), json!("110.00"));
    assert!(x("2027-01-01")
        .unwrap_err()
        .contains("geen waarde voor parameter `normen.norm`"));
    // The used regeling on its own is not changed by its user's top-up.
    let nu = e.evaluate(
        "proef.normen",
        &json!({"peildatum": "2026-01-01"}),
        &Request::default(),
    );
    assert!(nu.is_err());
}

#[test]
fn a_top_up_that_ends_warns_like_a_parameter_until_its_end_is_acknowledged() {
    let top_up = "aanvulling normen.norm\n  vanaf 2026-01-01 tot en met 2026-06-30: € 110\n";
    assert_eq!(
        messages(&with_norm(top_up)),
        ["R0503 parameter `normen.norm` eindigt op 2026-06-30, maar de regeling geldt zonder einddatum"]
    );
    let help = with_norm(top_up).diagnostics()[0].help.clone();
    assert!(help.unwrap_or_default().contains("`einde \"reden\"`"));
    assert!(with_norm(&format!(
        "{top_up}  einde \"tweede helft nog niet bekend\"\n"
    ))
    .diagnostics()
    .is_empty());
    // A top-up without an end, or one that starts after its regeling began
    // (it starts where the used regeling stops), is not warned about.
    assert!(
        with_norm("aanvulling normen.norm\n  vanaf 2026-01-01: € 110\n")
            .diagnostics()
            .is_empty()
    );
}

#[test]
fn a_top_up_on_days_with_a_value_warns_and_the_own_value_applies() {
    let e = with_norm("aanvulling normen.norm\n  vanaf 2025-07-01 tot en met 2026-12-31: € 100\n  einde \"test\"\n");
    assert_eq!(
        messages(&e),
        ["R0504 `proef.normen` geeft `normen.norm` zelf een waarde vanaf 2025-07-01, dezelfde waarde als deze aanvulling; de waarde van `proef.normen` geldt"]
    );
}

#[test]
fn a_top_up_names_a_parameter_of_a_used_regeling() {
    assert_eq!(
        messages(&with_norm("aanvulling norm\n  vanaf 2026-01-01: € 1\n")),
        ["R0101 `norm` is geen parameter van een gebruikte regeling"]
    );
    assert_eq!(
        messages(&with_norm(
            "aanvulling normen.nrom\n  vanaf 2026-01-01: € 1\n"
        ))[0]
            .split(',')
            .next(),
        Some("R0101 onbekende parameter `nrom`")
    );
    assert_eq!(
        messages(&with_norm(
            "aanvulling norme.norm\n  vanaf 2026-01-01: € 1\n"
        ))[0]
            .split(',')
            .next(),
        Some("R0101 onbekende gebruikte regeling `norme`")
    );
    // Its own values follow the rules of a parameter's (R0501).
    assert_eq!(
        messages(&with_norm(
            "aanvulling normen.norm\n  vanaf 2026-01-01 tot en met 2026-01-31: € 1\n  vanaf 2026-03-01: € 2\n"
        )),
        ["R0501 parameter `normen.norm` heeft geen waarde van 2026-02-01 tot 2026-03-01"]
    );
}

#[test]
fn two_top_ups_of_the_same_days_in_one_program_are_an_error() {
    let top_up =
        "aanvulling normen.norm\n  vanaf 2026-01-01 tot en met 2026-12-31: € 1\n  einde \"test\"\n";
    let mut s = SourceSet::new();
    s.add("rules/normen/2025.regels", NORMEN);
    s.add(
        "rules/tweede/2025.regels",
        format!(
            "regeling \"Tweede\"\n  id proef.tweede\n  geldig vanaf 2025-01-01\n\n\
             gebruik proef.normen als normen\nuitvoer y\nregel y: bedrag = normen.norm\n{top_up}"
        ),
    );
    s.add(
        "rules/gebruiker/2025.regels",
        format!(
            "regeling \"Gebruiker\"\n  id proef.gebruiker\n  geldig vanaf 2025-01-01\n\n\
             gebruik proef.normen als normen\ngebruik proef.tweede als tweede\n\
             uitvoer x\nregel x: bedrag = normen.norm\n{top_up}"
        ),
    );
    assert_eq!(
        messages(&Engine::new(s)),
        ["R0502 `proef.tweede` vult `normen.norm` al aan op deze dagen"]
    );
}

// ------------------------------------------------------------ bedrag per eenheid

const TARIFFS: &str = "keuze Soort: schoonmaak | was | rit | gratis\ninvoer soort: Soort\nuitvoer tarief\n\
tabel tarieven(soort: Soort) -> tarief: bedrag per eenheid, kostprijs: bedrag per eenheid?\n  beslis uniek\n\
  | soort      | tarief          | kostprijs        |\n\
  | schoonmaak | € 17,25 per uur | -                |\n\
  | was        | € 9,50 per week | € 14,00 per week |\n\
  | rit        | € 1,25 per rit  | -                |\n\
  | gratis     | € 0             | -                |\n";

/// The first diagnostic of `code`.
fn first(e: &Engine, code: Code) -> crate::diag::Diagnostic {
    let found = e.diagnostics().iter().find(|d| d.code == code).cloned();
    found.unwrap_or_else(|| panic!("no {code}: {:#?}", e.diagnostics()))
}

fn tariff(e: &Engine, soort: &str) -> Result<serde_json::Value, String> {
    e.evaluate(
        "proef.casus",
        &json!({"peildatum": "2024-07-01", "soort": soort}),
        &Request::default(),
    )
    .map(|o| {
        let j = o.to_json();
        json!([j["outputs"]["tarief"], j["eenheden"]["tarief"]])
    })
    .map_err(|e| e.to_string())
}

#[test]
fn a_table_column_carries_a_unit_per_row() {
    let e = assert_clean(&format!(
        "{TARIFFS}regel tarief: bedrag per eenheid = tarieven(soort).tarief\n\
         eis \"tarief ten hoogste de kostprijs\"\n  voor elke rij van tarieven: tarief <= kostprijs als kostprijs bestaat\n"
    ));
    // `outputs` keeps the plain amount; the unit is beside it.
    assert_eq!(tariff(&e, "schoonmaak").unwrap(), json!(["17.25", "uur"]));
    assert_eq!(tariff(&e, "was").unwrap(), json!(["9.50", "week"]));
    assert_eq!(tariff(&e, "rit").unwrap(), json!(["1.25", "rit"]));
    assert_eq!(tariff(&e, "gratis").unwrap(), json!(["0.00", null]));
}

#[test]
fn a_mixed_sum_is_refused_when_evaluating() {
    let e = assert_clean(&format!(
        "{TARIFFS}regel tarief: bedrag per eenheid = tarieven(soort).tarief + (€ 1 per uur)\n"
    ));
    assert_eq!(tariff(&e, "schoonmaak").unwrap(), json!(["18.25", "uur"]));
    assert_eq!(
        tariff(&e, "rit").unwrap_err(),
        "€ 1,25 per rit en € 1,00 per uur hebben een andere eenheid en kunnen niet worden opgeteld bij regel `tarief`"
    );
}

#[test]
fn an_amount_per_eenheid_fits_no_fixed_period() {
    let e = engine(&format!(
        "{TARIFFS}regel tarief: bedrag = tarieven(soort).tarief\n"
    ));
    let d = first(&e, Code::PeriodMismatch);
    assert_eq!(
        d.message,
        "periodes passen niet: bedrag en bedrag per eenheid"
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("`bedrag per eenheid`"),
        "{:?}",
        d.help
    );
    // Conversions need a known period.
    assert_eq!(
        codes(&format!(
            "{TARIFFS}regel tarief: bedrag per jaar = tarieven(soort).tarief omgerekend naar per jaar\n"
        )),
        vec![Code::PeriodMismatch]
    );
}

#[test]
fn an_invoer_cannot_be_an_amount_per_eenheid() {
    let e = engine("invoer t: bedrag per eenheid\nuitvoer x\nregel x: bedrag per eenheid = t\n");
    let d = first(&e, Code::TypeMismatch);
    assert!(
        d.message
            .starts_with("een invoer kan geen bedrag per eenheid zijn"),
        "{}",
        d.message
    );
}

#[test]
fn an_eis_that_compares_different_units_fails_the_build() {
    let e = engine(&format!(
        "{}regel tarief: bedrag per eenheid = tarieven(soort).tarief\n\
         eis \"tarief ten hoogste de kostprijs\"\n  voor elke rij van tarieven: tarief <= kostprijs als kostprijs bestaat\n",
        TARIFFS.replace("€ 14,00 per week", "€ 14,00 per maand")
    ));
    let messages: Vec<String> = e
        .diagnostics()
        .iter()
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("€ 9,50 per week en € 14,00 per maand hebben een andere eenheid")),
        "{messages:#?}"
    );
}

/// The overview lines under `uitvoer` name outputs: an outcome of a keuze
/// with values of that keuze after `vervolg`, amounts after `ontvangt` and
/// `betaalt`; anything else is reported where it is written.
#[test]
fn the_overview_names_outputs_of_the_right_kind() {
    let base = "keuze K: a | b\ninvoer x: ja/nee\nregel k: K = als x dan a anders b\nregel n: bedrag per maand = € 1\nregel t: ja/nee = x\n";
    let e = assert_clean(&format!(
        "{base}uitvoer k, n, t\n  uitkomst k\n    vervolg b \"Doe iets.\"\n  ontvangt n\n"
    ));
    let program = e
        .program(
            "proef.casus",
            chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(),
        )
        .expect("program");
    let overview = &program.overview;
    assert_eq!(
        overview.outcomes[0].next_steps,
        vec![(1, "Doe iets.".to_string())]
    );
    assert_eq!(overview.receives.len(), 1);
    assert!(overview.pays.is_empty());
    for (lines, code) in [
        ("  uitkomst n\n", Code::TypeMismatch),
        ("  uitkomst k\n    vervolg c \"x\"\n", Code::UnknownName),
        ("  betaalt t\n", Code::TypeMismatch),
        ("  ontvangt onbekend\n", Code::UnknownName),
    ] {
        assert_eq!(
            codes(&format!("{base}uitvoer k, n, t\n{lines}")),
            vec![code],
            "{lines}"
        );
    }
}

#[test]
fn each_decision_mark_needs_its_own_text_once_per_file() {
    let ladder = "keuze R: ja_route | nee_route\ninvoer x: ja/nee\nuitvoer r\n\
                  afweging r: R\n  besluit\n  stap ja_route als x\n    geen besluit\n  anders nee_route\n";
    // The step's `geen besluit` needs `zonder besluit` even when the
    // afweging's `besluit` has its `rechtsmiddelen`.
    let clause = "rechtsmiddelen \"\"\"Binnen zes weken bezwaar.\"\"\"\n";
    assert_eq!(
        codes(&format!("{clause}{ladder}")),
        [Code::DecisionWithoutText]
    );
    let both = format!("{clause}zonder besluit \"\"\"Een verslag.\"\"\"\n{ladder}");
    assert_clean(&both);
    assert_eq!(codes(&format!("{clause}{both}")), [Code::DuplicateName]);
}

#[test]
fn a_layer_inherits_the_rechtsmiddelen_of_its_base_and_may_replace_them() {
    let base = "regeling \"Basis\"\n  id basis\n  geldig vanaf 2024-01-01\n\n\
                rechtsmiddelen \"\"\"Tekst van de basis.\"\"\"\n\
                invoer x: geheel getal\nuitvoer n\nregel n: geheel getal\n  besluit\n  = x\n";
    let text = |layer: &str| {
        let mut s = SourceSet::new();
        s.add("rules/basis/2024.regels", base);
        s.add(
            "rules/lokaal/2024.regels",
            format!("regeling \"Laag\"\n  id lokaal\n  geldig vanaf 2024-01-01\n  laag op basis\n\n{layer}"),
        );
        let e = Engine::new(s);
        assert!(e.diagnostics().is_empty(), "{:#?}", e.diagnostics());
        let request = Request {
            trace: true,
            ..Request::default()
        };
        e.evaluate(
            "lokaal",
            &json!({"peildatum": "2024-07-01", "x": 1}),
            &request,
        )
        .expect("evaluates")
        .explain_short()
    };
    assert!(text("").contains("Tekst van de basis."));
    let own = text("rechtsmiddelen \"\"\"Tekst van de laag.\"\"\"\n");
    assert!(
        own.contains("Tekst van de laag.") && !own.contains("basis."),
        "{own}"
    );
}
