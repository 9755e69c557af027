//! The case's JSON Schema (`regelwerk schema`) and the case template
//! (`regelwerk sjabloon`). The schema of every version of every regeling in
//! rules/ is valid draft 2020-12; every case file in the repository is
//! valid against the schema of its regeling, and cases the decoder refuses
//! are invalid against it too. The template is refused until each of its
//! placeholders is filled in. Then both commands end to end.

mod common;

use common::binary::{assert_exit, regelwerk, scratch, stderr, stdout};
use engine::schema::{case_schema::case_schema, template::case_template};
use serde_json::{json, Value};

/// A validator for a schema that is itself valid against the draft
/// 2020-12 metaschema, asserting formats (`date`) as the decoder does.
fn validator(schema: &Value, what: &str) -> jsonschema::Validator {
    if let Err(e) = jsonschema::meta::validate(schema) {
        panic!("the schema of {what} is not valid JSON Schema: {e}\n{schema:#}");
    }
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("the schema of {what} does not compile: {e}"))
}

fn errors(validator: &jsonschema::Validator, case: &Value) -> Vec<String> {
    validator
        .iter_errors(case)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_schema_of_every_version_is_valid_draft_2020_12() {
    let engine = common::rules_engine();
    let mut checked = 0;
    for (id, program) in engine.library().programs() {
        let schema = case_schema(program);
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        validator(&schema, &format!("{id} {}", program.info.version));
        checked += 1;
    }
    assert!(checked >= 12, "only {checked} programs in rules/");
}

/// Every case file (`{regeling, case, …}`) under the folder.
fn case_files(folder: &str) -> Vec<(String, Value)> {
    common::files_with_extension(&common::root().join(folder), "json")
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let file: Value = serde_json::from_str(&text).ok()?;
            (file.get("case").is_some() && file.get("regeling").is_some())
                .then(|| (common::relative(&path), file))
        })
        .collect()
}

#[test]
fn every_case_file_is_valid_against_the_schema_of_its_regeling() {
    let engine = common::rules_engine();
    let mut files = case_files("tests/conformance/cases");
    files.extend(case_files("examples"));
    let mut valid = 0;
    let mut failures = Vec::new();
    for (name, file) in &files {
        let regeling = file["regeling"].as_str().unwrap_or_default();
        let case = &file["case"];
        let date = engine::api::peildatum_of(case).expect("every case file has a peildatum");
        // A case that expects "no version on this date" has no schema.
        let Ok(program) = engine.program(regeling, date) else {
            assert!(file.get("expect_error").is_some(), "{name}: no program");
            continue;
        };
        let problems = errors(&validator(&case_schema(program), name), case);
        if problems.is_empty() {
            valid += 1;
        } else {
            failures.push(format!("{name}:\n    {}", problems.join("\n    ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(valid >= 110, "only {valid} case files validated");
}

/// What the decoder refuses, the schema refuses too: each change to a
/// valid case is invalid against the schema and an error for `bereken`.
#[test]
fn a_case_the_decoder_refuses_is_invalid_against_the_schema() {
    let engine = common::rules_engine();
    let regeling = "heemskerk.minimaregelingen";
    let case = json!({
        "peildatum": "2025-03-01",
        "aanvrager": { "geboortedatum": "1985-04-12" },
        "partner": null,
        "kinderen": [ { "geboortedatum": "2015-06-01" } ],
        "inkomen_per_maand": "1400.00",
        "vermogen": "3000.50",
        "woont_in_gemeente": true,
        "maanden_laag_inkomen": 40,
        "uitzicht_op_inkomensverbetering": false,
        "iit_ontvangen_afgelopen_12_maanden": false,
        "bijstand_maanden_aaneengesloten": 40
    });
    let date = engine::api::peildatum_of(&case).expect("a peildatum");
    let program = engine.program(regeling, date).expect("in force");
    let schema = validator(&case_schema(program), regeling);
    assert_eq!(errors(&schema, &case), Vec::<String>::new());
    let decodes = |c: &Value| engine.evaluate(regeling, c, &engine::Request::default());
    assert!(decodes(&case).is_ok());

    let changes: [(&str, Value); 12] = [
        ("/inkomen", json!("1400.00")),
        ("/inkomen_per_maand", json!(1400)),
        ("/inkomen_per_maand", json!("1400.005")),
        ("/inkomen_per_maand", json!("1.400,00")),
        ("/vermogen", Value::Null),
        ("/maanden_laag_inkomen", json!("40")),
        ("/maanden_laag_inkomen", json!(4.5)),
        ("/woont_in_gemeente", json!("ja")),
        ("/aanvrager/geboortedatum", json!("1985-02-30")),
        ("/aanvrager/naam", json!("Jansen")),
        ("/kinderen", json!({ "geboortedatum": "2015-06-01" })),
        ("/partner", json!("geen")),
    ];
    for (pointer, value) in changes {
        let mut wrong = case.clone();
        let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
        wrong
            .pointer_mut(if parent.is_empty() { "" } else { parent })
            .and_then(Value::as_object_mut)
            .expect("an object")
            .insert(key.to_string(), value.clone());
        assert!(
            !errors(&schema, &wrong).is_empty(),
            "the schema takes {pointer} = {value}"
        );
        assert!(
            decodes(&wrong).is_err(),
            "the decoder takes {pointer} = {value}"
        );
    }
    let mut missing = case.clone();
    missing.as_object_mut().map(|o| o.remove("vermogen"));
    assert!(!errors(&schema, &missing).is_empty());
    assert!(decodes(&missing).is_err());
}

/// The paths of the template's placeholders: its leaves, below gegevens.
fn placeholder_paths(value: &Value, path: String, out: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields {
                placeholder_paths(field, format!("{path}.{name}"), out);
            }
        }
        _ => out.push(path),
    }
}

#[test]
fn the_template_of_every_version_is_refused_at_each_placeholder() {
    let engine = common::rules_engine();
    for (id, program) in engine.library().programs() {
        let peildatum = program.info.valid_from;
        let template = case_template(program, peildatum);
        assert_eq!(template["peildatum"], json!(peildatum.to_string()));
        let mut wanted = Vec::new();
        placeholder_paths(&template, "$".into(), &mut wanted);
        wanted.retain(|p| p != "$.peildatum");
        assert!(!wanted.is_empty(), "{id}: a template without inputs");

        let Err(engine::EngineError::Case(refused)) =
            engine.evaluate(id, &template, &engine::Request::default())
        else {
            panic!("{id} {}: the template is not refused", program.info.version);
        };
        let paths: Vec<String> = refused.iter().map(|e| e.path.clone()).collect();
        assert_eq!(paths, wanted, "{id} {}", program.info.version);
    }
}

// ------------------------------------------------------------ end to end

#[test]
fn schema_prints_the_same_schema_for_the_folder_and_the_id() {
    let by_folder = regelwerk(&[
        "schema",
        "rules/landelijk/bijstandsnormen",
        "--peildatum",
        "2025-03-01",
    ]);
    assert_exit(&by_folder, 0, "schema <map>");
    let by_id = regelwerk(&[
        "schema",
        "landelijk.bijstandsnormen",
        "--peildatum",
        "2025-03-01",
    ]);
    assert_exit(&by_id, 0, "schema <id>");
    assert_eq!(stdout(&by_folder), stdout(&by_id));

    let schema: Value = serde_json::from_str(&stdout(&by_id)).expect("schema prints JSON");
    validator(&schema, "landelijk.bijstandsnormen");
    assert_eq!(
        schema["required"],
        json!(["peildatum", "leefvorm", "aow"]),
        "kostendelers is optional"
    );
    let leefvorm: Vec<&str> = schema["properties"]["leefvorm"]["oneOf"]
        .as_array()
        .expect("a keuze lists its values")
        .iter()
        .filter_map(|v| v["const"].as_str())
        .collect();
    assert_eq!(leefvorm, ["alleenstaand", "alleenstaande_ouder", "gehuwd"]);
}

#[test]
fn sjabloon_prints_a_case_that_bereken_refuses_until_filled_in() {
    let o = regelwerk(&[
        "sjabloon",
        "rules/heemskerk/minimaregelingen",
        "--peildatum",
        "2025-03-01",
    ]);
    assert_exit(&o, 0, "sjabloon");
    insta::assert_snapshot!("sjabloon_minimaregelingen", stdout(&o));

    let dir = scratch("sjabloon");
    let path = dir.join("casus.json");
    std::fs::write(&path, stdout(&o)).expect("write the template");
    let path = path.to_string_lossy();
    let refused = regelwerk(&["bereken", "rules/heemskerk/minimaregelingen", &path]);
    assert_exit(&refused, 1, "bereken on the template");
    let err = stderr(&refused);
    assert!(err.contains("de casus bevat 10 fouten:"), "{err}");
    for place in [
        "$.aanvrager.geboortedatum: het veld `geboortedatum` van Persoon mag niet leeg zijn",
        "$.partner: verwacht een Persoon als JSON-object, maar kreeg de tekst \"invullen: Persoon, of null als er geen is\"",
        // The question the form asked, beside the name the case file uses.
        "$.inkomen_per_maand: de invoer `inkomen_per_maand` (Hoeveel inkomen heeft het huishouden per maand?) mag niet leeg zijn",
    ] {
        assert!(err.contains(place), "{place} missing from\n{err}");
    }
}

#[test]
fn without_peildatum_the_version_of_today_is_used() {
    let today = || {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("a clock after 1970")
            .as_secs();
        chrono::NaiveDate::from_num_days_from_ce_opt(719_163 + (seconds / 86_400) as i32)
            .expect("a date")
            .to_string()
    };
    let before = today();
    let o = regelwerk(&["sjabloon", "landelijk.aow_leeftijd"]);
    let after = today();
    assert_exit(&o, 0, "sjabloon without --peildatum");
    let template: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let peildatum = template["case"]["peildatum"].as_str().unwrap_or_default();
    assert!(
        peildatum == before || peildatum == after,
        "peildatum {peildatum}, today {after}"
    );
    assert_eq!(template["regeling"], "landelijk.aow_leeftijd");
}

#[test]
fn schema_and_sjabloon_say_what_is_wrong_in_dutch() {
    for command in ["schema", "sjabloon"] {
        let bad_date = regelwerk(&[
            command,
            "landelijk.aow_leeftijd",
            "--peildatum",
            "2025-02-30",
        ]);
        assert_exit(&bad_date, 2, &format!("{command} with a wrong date"));
        assert!(
            stderr(&bad_date).contains("`2025-02-30` is geen geldige datum (verwacht JJJJ-MM-DD)"),
            "{}",
            stderr(&bad_date)
        );
        let no_version = regelwerk(&[
            command,
            "landelijk.aow_leeftijd",
            "--peildatum",
            "2017-06-01",
        ]);
        assert_exit(
            &no_version,
            1,
            &format!("{command} before the first version"),
        );
        assert!(
            stderr(&no_version).contains(
                "geen versie van de regeling `landelijk.aow_leeftijd` geldig op 2017-06-01"
            ),
            "{}",
            stderr(&no_version)
        );
        let unknown = regelwerk(&[command, "landelijk.aow"]);
        assert_exit(&unknown, 1, &format!("{command} of an unknown regeling"));
        assert!(
            stderr(&unknown).contains("geen regeling gevonden in `landelijk.aow`"),
            "{}",
            stderr(&unknown)
        );
        let help = regelwerk(&[command, "--help"]);
        assert_exit(&help, 0, &format!("{command} --help"));
        for text in [
            format!("Gebruik: regelwerk {command} [OPTIES] <REGELING>"),
            "--peildatum <DATUM>".to_string(),
            "standaard: vandaag".to_string(),
            "Argumenten:".to_string(),
        ] {
            assert!(
                stdout(&help).contains(&text),
                "{text} missing from\n{}",
                stdout(&help)
            );
        }
    }
}

/// A gegeven that contains itself through an optional field: the schema
/// refers back to its definition, the template stops at the first level,
/// and a case two partners deep is valid and evaluated.
#[test]
fn a_gegeven_inside_itself_end_to_end() {
    let dir = scratch("recursie");
    let folder = dir.join("rules/recursie");
    std::fs::create_dir_all(&folder).expect("create rules folder");
    std::fs::write(
        folder.join("2025.regels"),
        "regeling \"Recursie\"\n  id proef.recursie\n  versie \"1\"\n  geldig vanaf 2025-01-01\n\n\
         gegeven Persoon\n  naam: tekst\n  partner: Persoon?\n\n\
         invoer aanvrager: Persoon\nuitvoer heeft_partner\n\n\
         regel heeft_partner: ja/nee = aanvrager.partner bestaat\n",
    )
    .expect("write rule file");
    let library = dir.join("rules");
    let (folder, library) = (folder.to_string_lossy(), library.to_string_lossy());
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--bibliotheek", &library]);
        regelwerk(&all)
    };

    let o = run(&["schema", &folder, "--peildatum", "2025-06-01"]);
    assert_exit(&o, 0, "schema");
    let schema: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(
        schema["$defs"]["Persoon"]["properties"]["partner"]["anyOf"][0]["$ref"],
        "#/$defs/Persoon"
    );
    let case = json!({
        "peildatum": "2025-06-01",
        "aanvrager": { "naam": "A", "partner": { "naam": "B", "partner": { "naam": "C", "partner": null } } },
    });
    assert_eq!(
        errors(&validator(&schema, "proef.recursie"), &case),
        Vec::<String>::new()
    );

    let o = run(&["sjabloon", &folder, "--peildatum", "2025-06-01"]);
    assert_exit(&o, 0, "sjabloon");
    let template: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(
        template["case"]["aanvrager"],
        json!({ "naam": null, "partner": "invullen: Persoon, of null als er geen is" })
    );

    let path = dir.join("casus.json");
    std::fs::write(&path, case.to_string()).expect("write the case");
    let o = run(&[
        "bereken",
        &folder,
        &path.to_string_lossy(),
        "--format",
        "json",
    ]);
    assert_exit(&o, 0, "bereken");
    let result: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(result["outputs"], json!({ "heeft_partner": true }));
}
