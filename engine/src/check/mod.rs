//! The checker: turns the files of one regeling version (with the base
//! versions it layers on and the regelingen it uses) into a [`Program`],
//! collecting every diagnostic in one pass.
//!
//! Stages, each in its own module: [`merge`] applies layers; declarations
//! (here) give every name a slot; [`expr`] lowers expressions with type and
//! period checking; [`rules`], [`tables`] and [`params`] lower the
//! definitions and run their static analyses; [`graph`] finds cycles.

mod bounds;
mod constraints;
mod cost;
mod decisions;
pub mod expr;
pub mod fold;
mod graph;
pub mod merge;
mod over;
mod overview;
mod params;
mod rules;
pub mod scope;
mod tables;
#[cfg(test)]
mod tests;
mod top_up;

use crate::diag::{Code, Diagnostic};
use crate::ir::{
    FileId, FunctionDef, InputDef, InputId, Origin, ParamDef, Program, ProgramInfo, RuleDef,
    TableDef,
};
use crate::types::{EnumType, RecordType, Type, TypeTable};
use grammar::ast::{self, Item, Span, TypeKind};
use grammar::suggest::closest;
use merge::{Merged, MergedItem};
use scope::Module;
use std::collections::HashMap;
use std::sync::Arc;

/// One file taking part in a compile.
#[derive(Debug, Clone)]
pub struct Unit<'a> {
    pub regeling: Arc<str>,
    pub file: FileId,
    pub ast: &'a ast::File,
}

/// What one program is built from: a chain of files (the deepest base
/// first, the requested layer last) and, per regeling id, what it uses.
#[derive(Debug, Clone)]
pub struct Assembly<'a> {
    pub chain: Vec<Unit<'a>>,
    pub imports: Vec<(String, Assembly<'a>)>,
}

/// Compiles an assembly. Returns the program when there are no errors, and
/// all diagnostics (errors and warnings) either way.
pub fn compile(asm: &Assembly, info: ProgramInfo) -> (Option<Program>, Vec<Diagnostic>) {
    let mut c = Compiler::default();
    c.compile_main(asm);
    let diags = std::mem::take(&mut c.diags);
    if diags.iter().any(|d| d.is_error()) {
        return (None, diags);
    }
    let program = Program {
        info,
        types: Arc::new(std::mem::take(&mut c.types)),
        inputs: c.inputs,
        rules: c.rules,
        params: c.params,
        functions: c.functions,
        tables: c.tables,
        outputs: c.outputs,
        peildatum: c.peildatum_slot,
        constraints: c.constraints,
        overview: c.overview,
        follow_ups: c.follow_ups,
    };
    let mut diags = diags;
    let violated = constraints::verify(&program);
    let failed = !violated.is_empty();
    diags.extend(violated);
    if failed {
        return (None, diags);
    }
    diags.extend(cost::warnings(&program));
    (Some(program), diags)
}

#[derive(Default)]
pub(crate) struct Compiler<'a> {
    pub diags: Vec<Diagnostic>,
    pub types: TypeTable,
    /// Modules that declare each enum (bare values resolve only there).
    pub enum_modules: Vec<Vec<usize>>,
    /// A keuze declared in one file and not extended is one type, however
    /// it is reached: used directly, or through a layer on its regeling.
    pub shared_enums: HashMap<(FileId, String), u32>,
    /// The regeling each enum and record belongs to (an extended keuze:
    /// the layer that extends it), to tell two types of one name apart.
    pub enum_regeling: Vec<Arc<str>>,
    pub record_regeling: Vec<Arc<str>>,
    pub modules: Vec<Module>,
    /// Module index per regeling id (a regeling used twice is compiled once).
    pub module_by_id: HashMap<String, usize>,
    pub inputs: Vec<InputDef>,
    pub input_used: Vec<bool>,
    pub input_decls: Vec<Option<&'a ast::InputDecl>>,
    pub rules: Vec<RuleDef>,
    /// Declared rule types (known before bodies are lowered).
    pub rule_types: Vec<Type>,
    pub params: Vec<ParamDef>,
    pub functions: Vec<FunctionDef>,
    /// Per function: parameter types, return type, money result precise.
    pub fn_sigs: Vec<(Vec<Type>, Type, bool)>,
    pub tables: Vec<TableDef>,
    /// Per table: input column types and call result type.
    pub table_sigs: Vec<(Vec<Type>, Type)>,
    pub outputs: Vec<u32>,
    pub peildatum_slot: InputId,
    /// The file whose items are being lowered (for diagnostics).
    pub file: FileId,
    /// Dependency edges for cycle detection.
    pub graph: graph::DepGraph,
    /// The module whose items are being lowered.
    pub current_module: usize,
    /// Validity of each file's version (for R0503: a parameter is judged
    /// against the version that defines it, not a layer on top).
    pub file_validity: HashMap<FileId, (chrono::NaiveDate, Option<chrono::NaiveDate>)>,
    pub constraints: Vec<crate::ir::ConstraintDef>,
    pub overview: crate::ir::Overview,
    pub follow_ups: Vec<crate::ir::FollowUpDef>,
}

impl<'a> Compiler<'a> {
    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub fn mark_input_used(&mut self, id: InputId) {
        if let Some(u) = self.input_used.get_mut(id as usize) {
            *u = true;
        }
    }

    pub fn enum_visible(&self, id: u32) -> bool {
        self.enum_modules
            .get(id as usize)
            .is_some_and(|m| m.contains(&self.current_module))
    }

    fn compile_main(&mut self, asm: &Assembly<'a>) {
        self.modules.push(Module::default());
        let mut merged = merge::merge(asm, &mut self.diags);
        // The implicit peildatum input comes first.
        let top = asm.chain.last();
        self.peildatum_slot = 0;
        self.inputs.push(InputDef {
            name: "peildatum".into(),
            ty: Type::Date,
            range: None,
            origin: Origin {
                file: top.map(|u| u.file).unwrap_or(0),
                span: top.map(|u| u.ast.header.span).unwrap_or_default(),
                article: None,
                sources: Vec::new(),
                regeling: top
                    .map(|u| u.regeling.clone())
                    .unwrap_or_else(|| Arc::from("")),
            },
            label: None,
            question: None,
            help: None,
            fact: None,
        });
        self.input_used.push(true);
        self.input_decls.push(None);
        self.module_body(0, asm, &mut merged, true);
        self.finish();
    }
}

// ---------------------------------------------------------------- declarations

impl<'a> Compiler<'a> {
    /// Everything of one module: imports, types, declarations, bodies.
    fn module_body(&mut self, idx: usize, asm: &Assembly<'a>, merged: &mut Merged<'a>, main: bool) {
        self.current_module = idx;
        for unit in &asm.chain {
            let v = &unit.ast.header.valid;
            self.file_validity
                .insert(unit.file, (v.from.date, v.through.map(|t| t.date)));
        }
        self.declare_imports(idx, asm, merged);
        self.current_module = idx;
        self.declare_types(idx, merged);
        self.check_replacements(merged);
        let merged = &*merged;
        self.declare_definitions(idx, merged, main);
        // Bodies: functions and tables first (rules call them), then rules.
        for mi in &merged.definitions {
            self.file = mi.file;
            match mi.item {
                Item::Parameter(d) => self.lower_param(idx, mi, d),
                Item::Function(d) => self.lower_function(idx, mi, d),
                Item::Table(d) => self.lower_table(idx, mi, d),
                _ => {}
            }
        }
        // After the imports' parameters are lowered: they are what is topped up.
        for mi in &merged.top_ups {
            self.file = mi.file;
            if let Item::TopUp(d) = mi.item {
                self.lower_top_up(idx, mi, d);
            }
        }
        if !main {
            return;
        }
        for mi in &merged.definitions {
            self.file = mi.file;
            match mi.item {
                Item::Rule(d) => self.lower_rule(mi, d),
                Item::Ladder(d) => self.lower_ladder(mi, d),
                _ => {}
            }
        }
        self.record_rejected_uses(merged);
        self.insert_steps(merged);
        self.declare_follow_ups(merged);
        self.check_decision_marks();
        self.attach_exceptions(merged);
        self.check_constraints(merged);
        self.declare_outputs(asm, merged);
    }

    fn declare_imports(&mut self, idx: usize, asm: &Assembly<'a>, merged: &Merged<'a>) {
        for mi in &merged.uses {
            let Item::Use(d) = mi.item else { continue };
            self.file = mi.file;
            let id = d.regeling.dotted();
            let alias = d
                .alias
                .as_ref()
                .map(|a| a.name.clone())
                .or_else(|| d.regeling.parts.last().map(|p| p.name.clone()))
                .unwrap_or_default();
            let module = match self.module_by_id.get(&id) {
                Some(&m) => m,
                None => match asm.imports.iter().find(|(i, _)| *i == id) {
                    Some((_, sub)) => {
                        let m = self.modules.len();
                        self.modules.push(Module {
                            prefix: format!("{alias}."),
                            ..Module::default()
                        });
                        self.module_by_id.insert(id.clone(), m);
                        let mut sub_merged = merge::merge(sub, &mut self.diags);
                        self.module_body(m, sub, &mut sub_merged, false);
                        self.current_module = idx;
                        m
                    }
                    None => {
                        self.push(
                            Diagnostic::new(
                                Code::UnknownRegeling,
                                mi.file,
                                d.regeling.span,
                                format!("onbekende regeling `{id}`"),
                            )
                            .label("niet gevonden")
                            .help("de regeling moet in dezelfde bibliotheek (map rules/) staan, met deze `id`"),
                        );
                        continue;
                    }
                },
            };
            if self.modules[idx]
                .imports
                .insert(alias.clone(), module)
                .is_some()
            {
                self.err(
                    Code::DuplicateName,
                    d.span,
                    &format!("de naam `{alias}` wordt al gebruikt voor een andere regeling"),
                    "dubbel",
                );
            }
        }
    }

    fn declare_types(&mut self, idx: usize, merged: &Merged<'a>) {
        let extension = |name: &str| {
            merged.enum_extensions.iter().find(|x| match x.item {
                Item::Enum(e) => e.name.name == name,
                _ => false,
            })
        };
        for mi in &merged.enums {
            let Item::Enum(e) = mi.item else { continue };
            self.file = mi.file;
            let name = e.name.name.clone();
            let extended = extension(&name);
            let key = (mi.file, name.clone());
            if extended.is_none() {
                if let Some(&id) = self.shared_enums.get(&key) {
                    self.enum_modules[id as usize].push(idx);
                    self.modules[idx].enums.insert(name, id);
                    continue;
                }
            }
            let id = self.types.enums.len() as u32;
            self.types.enums.push(EnumType {
                name: name.clone(),
                values: Vec::new(),
                labels: Vec::new(),
            });
            for (v, label) in e.values.iter().zip(&e.labels) {
                self.add_enum_value(id, v, label, "staat er twee keer");
            }
            self.enum_modules.push(vec![idx]);
            self.enum_regeling
                .push(extended.map_or(&mi.regeling, |x| &x.regeling).clone());
            if extended.is_none() {
                self.shared_enums.insert(key, id);
            }
            self.modules[idx].enums.insert(name, id);
        }
        for mi in &merged.enum_extensions {
            let Item::Enum(e) = mi.item else { continue };
            self.file = mi.file;
            let Some(&id) = self.modules[idx].enums.get(&e.name.name) else {
                let known: Vec<String> = self.modules[idx].enums.keys().cloned().collect();
                self.unknown(&e.name, &known, "keuze");
                continue;
            };
            for (v, label) in e.values.iter().zip(&e.labels) {
                self.add_enum_value(id, v, label, "is al een waarde van deze keuze");
            }
        }
        // Records in two steps, so that gegevens may refer to each other.
        let first = self.types.records.len();
        for mi in &merged.records {
            let Item::Record(r) = mi.item else { continue };
            let id = self.types.records.len() as u32;
            self.types.records.push(RecordType {
                name: r.name.name.clone(),
                fields: Vec::new(),
                field_labels: Vec::new(),
                field_ranges: Vec::new(),
            });
            self.record_regeling.push(mi.regeling.clone());
            self.modules[idx].records.insert(r.name.name.clone(), id);
        }
        for (i, mi) in merged.records.iter().enumerate() {
            let Item::Record(r) = mi.item else { continue };
            self.file = mi.file;
            let mut fields: Vec<(String, Type)> = Vec::new();
            let mut labels = Vec::new();
            let mut ranges = Vec::new();
            for f in &r.fields {
                if fields.iter().any(|(n, _)| *n == f.name.name) {
                    self.err(
                        Code::DuplicateName,
                        f.name.span,
                        &format!("veld `{}` staat er twee keer", f.name.name),
                        "dubbel",
                    );
                    continue;
                }
                let ty = self.resolve_type(&f.ty);
                // The same check as an input's bounds (R0208, R0209).
                ranges.push(self.bounds(&f.bounds, &ty));
                fields.push((f.name.name.clone(), ty));
                labels.push(label_text(&f.label));
            }
            self.types.records[first + i].fields = fields;
            self.types.records[first + i].field_labels = labels;
            self.types.records[first + i].field_ranges = ranges;
        }
        for (i, mi) in merged.records.iter().enumerate() {
            let Item::Record(r) = mi.item else { continue };
            let id = (first + i) as u32;
            // Each cycle once, at its first gegeven.
            let Some(cycle) = self
                .types
                .required_cycle(id)
                .filter(|c| c.iter().all(|&o| o >= id))
            else {
                continue;
            };
            let mut names: Vec<String> = cycle
                .iter()
                .map(|&o| format!("`{}`", self.types.records[o as usize].name))
                .collect();
            names.push(format!("`{}`", r.name.name));
            let message = format!(
                "het gegeven `{}` bevat zichzelf via verplichte velden: {}",
                r.name.name,
                names.join(" → ")
            );
            self.file = mi.file;
            self.push(
                Diagnostic::new(Code::RecordContainsItself, mi.file, r.name.span, message)
                    .label("geen eindige casus kan dit invullen")
                    .help("maak een veld in de kring optioneel (`partner: Persoon?`) of een lijst (`kinderen: lijst van Persoon`)"),
            );
        }
    }

    /// Adds a value and its label to keuze `id`, or reports it when the keuze has it already.
    fn add_enum_value(
        &mut self,
        id: u32,
        value: &ast::Ident,
        label: &Option<ast::Text>,
        duplicate: &str,
    ) {
        let ty = &mut self.types.enums[id as usize];
        if ty.values.contains(&value.name) {
            let message = format!("`{}` {duplicate}", value.name);
            self.err(Code::DuplicateName, value.span, &message, "dubbel");
        } else {
            // Labels stay beside their values, also after earlier values without one.
            ty.labels.resize(ty.values.len(), None);
            ty.values.push(value.name.clone());
            ty.labels.push(label_text(label));
        }
    }

    /// A written type in the current module.
    pub fn resolve_type(&mut self, t: &ast::TypeExpr) -> Type {
        match &t.kind {
            TypeKind::Money(p) => Type::Money(*p),
            TypeKind::MoneyPerUnit => Type::MoneyPerUnit,
            TypeKind::Number => Type::Number,
            TypeKind::Integer => Type::Integer,
            TypeKind::Percentage => Type::Percentage,
            TypeKind::Bool => Type::Bool,
            TypeKind::Text => Type::Text,
            TypeKind::Date => Type::Date,
            TypeKind::Duration => Type::Duration,
            TypeKind::List(inner) => Type::List(Box::new(self.resolve_type(inner))),
            TypeKind::Optional(inner) => self.resolve_type(inner).optional(),
            TypeKind::Named(path) => {
                let module = match path.parts.as_slice() {
                    [_] => Some(self.current_module),
                    [alias, _] => self.modules[self.current_module]
                        .imports
                        .get(&alias.name)
                        .copied(),
                    _ => None,
                };
                let name = path.parts.last().map(|p| p.name.as_str()).unwrap_or("");
                if let Some(m) = module {
                    if let Some(&id) = self.modules[m].enums.get(name) {
                        return Type::Enum(id);
                    }
                    if let Some(&id) = self.modules[m].records.get(name) {
                        return Type::Record(id);
                    }
                }
                let known: Vec<String> = self.modules[self.current_module]
                    .enums
                    .keys()
                    .chain(self.modules[self.current_module].records.keys())
                    .cloned()
                    .collect();
                let mut d = Diagnostic::new(
                    Code::UnknownType,
                    self.file,
                    t.span,
                    format!("onbekend type `{}`", path.dotted()),
                )
                .label("onbekend type");
                if let Some(s) = closest(name, known.iter().map(String::as_str)) {
                    // The last part is the name looked up (after an alias).
                    let span = path.parts.last().map_or(t.span, |p| p.span);
                    d = d.did_you_mean(span, s);
                } else {
                    d = d.help("ingebouwde typen: bedrag, getal, geheel getal, percentage, ja/nee, tekst, datum, duur; of een `keuze`/`gegeven`");
                }
                self.push(d);
                Type::Never
            }
        }
    }

    pub fn origin(&self, mi: &MergedItem, span: Span, sources: &[ast::SourceRef]) -> Origin {
        Origin {
            file: mi.file,
            span,
            article: mi.article.clone(),
            sources: sources.iter().map(|s| s.text.value.clone()).collect(),
            regeling: mi.regeling.clone(),
        }
    }

    /// A case states plain amounts: the unit of a `bedrag per eenheid` comes
    /// from the rule files, so an invoer of that type could not be filled in.
    fn refuse_unit_per_value_input(&mut self, ty: &Type, span: ast::Span) {
        let mut inner = ty.strip_optional();
        while let Type::List(t) = inner {
            inner = t.strip_optional();
        }
        if *inner == Type::MoneyPerUnit {
            self.push(
                Diagnostic::new(
                    Code::TypeMismatch,
                    self.file,
                    span,
                    "een invoer kan geen bedrag per eenheid zijn: een casus geeft bij een bedrag geen eenheid",
                )
                .label("bedrag per eenheid")
                .help("geef de eenheid in het type, bijvoorbeeld `bedrag per uur` of `bedrag per rit`"),
            );
        }
    }

    fn declare_definitions(&mut self, idx: usize, merged: &Merged<'a>, main: bool) {
        for mi in &merged.definitions {
            self.file = mi.file;
            match mi.item {
                Item::Input(d) if main => {
                    if d.name.name == "peildatum" {
                        self.err(
                            Code::DuplicateName,
                            d.name.span,
                            "`peildatum` is altijd invoer en wordt niet gedeclareerd",
                            "overbodig",
                        );
                        continue;
                    }
                    let ty = self.resolve_type(&d.ty);
                    self.refuse_unit_per_value_input(&ty, d.ty.span);
                    let range = self.bounds(&d.bounds, &ty);
                    let id = self.inputs.len() as InputId;
                    self.inputs.push(InputDef {
                        name: d.name.name.clone(),
                        ty,
                        range,
                        origin: self.origin(mi, d.span, &[]),
                        label: label_text(&d.label),
                        question: label_text(&d.question),
                        help: label_text(&d.help),
                        fact: d.fact.as_ref().map(|f| f.name.clone()),
                    });
                    self.input_used.push(false);
                    self.input_decls.push(Some(d));
                    self.modules[idx].inputs.insert(d.name.name.clone(), id);
                }
                Item::Parameter(d) => {
                    let ty = self.resolve_type(&d.ty);
                    let id = self.params.len() as u32;
                    self.params.push(ParamDef {
                        name: format!("{}{}", self.modules[idx].prefix, d.name.name),
                        ty,
                        timeline: Vec::new(),
                        origin: self.origin(mi, d.span, &d.sources),
                        end_reason: d.end_reason.as_ref().map(|t| t.value.clone()),
                        label: label_text(&d.label),
                    });
                    self.modules[idx].params.insert(d.name.name.clone(), id);
                }
                Item::Rule(ast::RuleDecl {
                    name, ty, label, ..
                })
                | Item::Ladder(ast::LadderDecl {
                    name, ty, label, ..
                }) if main => {
                    let ty = self.resolve_type(ty);
                    let id = self.rule_types.len() as u32;
                    self.rule_types.push(ty.clone());
                    self.rules.push(RuleDef {
                        name: name.name.clone(),
                        ty,
                        def: crate::ir::Definition::Expr(crate::ir::Node::Const(
                            crate::value::Value::Empty,
                        )),
                        exceptions: Vec::new(),
                        overridable: false,
                        override_range: None,
                        origin: self.origin(mi, mi.item.span(), &[]),
                        locals: 0,
                        label: label_text(label),
                        decision: None,
                    });
                    self.modules[idx].rules.insert(name.name.clone(), id);
                }
                Item::Function(d) => {
                    let params: Vec<(String, Type)> = d
                        .params
                        .iter()
                        .map(|p| (p.name.name.clone(), self.resolve_type(&p.ty)))
                        .collect();
                    let ret = self.resolve_type(&d.ret);
                    let id = self.functions.len() as u32;
                    self.fn_sigs.push((
                        params.iter().map(|(_, t)| t.clone()).collect(),
                        ret.clone(),
                        true,
                    ));
                    self.functions.push(FunctionDef {
                        name: format!("{}{}", self.modules[idx].prefix, d.name.name),
                        params,
                        ret,
                        body: crate::ir::Node::Const(crate::value::Value::Empty),
                        origin: self.origin(mi, d.span, &d.sources),
                        locals: 0,
                        memoized: false,
                        label: label_text(&d.label),
                        param_labels: d.params.iter().map(|p| label_text(&p.label)).collect(),
                    });
                    self.modules[idx].functions.insert(d.name.name.clone(), id);
                }
                Item::Table(d) => {
                    let id = self.tables.len() as u32;
                    let def = self.declare_table(idx, mi, d);
                    self.table_sigs.push((
                        def.inputs.iter().map(|(_, t)| t.clone()).collect(),
                        def.result_type.clone(),
                    ));
                    self.tables.push(def);
                    self.modules[idx].tables.insert(d.name.name.clone(), id);
                }
                _ => {}
            }
        }
    }

    fn declare_outputs(&mut self, asm: &Assembly<'a>, merged: &Merged<'a>) {
        let Some(mi) = &merged.outputs else {
            // Pointed at the `regeling "…"` line of the requested file: the
            // contract is missing there, not at any one definition.
            if let (Some(top), false) = (asm.chain.last(), merged.definitions.is_empty()) {
                let header = &top.ast.header;
                let span = Span::new(header.span.start, header.span.start).to(header.name.span);
                self.push(
                    Diagnostic::new(
                        Code::NoOutputs,
                        top.file,
                        span,
                        "de regeling noemt geen `uitvoer`",
                    )
                    .label("zonder `uitvoer` krijgt een casus geen uitkomsten terug")
                    .help("noem de uitkomsten van het contract, bijvoorbeeld onder de invoer: `uitvoer naam, naam`"),
                );
            }
            return;
        };
        let Item::Outputs(d) = mi.item else { return };
        self.file = mi.file;
        for n in &d.names {
            match self.modules[0].rules.get(&n.name) {
                Some(&id) if !self.outputs.contains(&id) => self.outputs.push(id),
                Some(_) => self.err(
                    Code::DuplicateName,
                    n.span,
                    &format!("`{}` staat twee keer in de uitvoer", n.name),
                    "dubbel",
                ),
                None => {
                    let known: Vec<String> = self.modules[0].rules.keys().cloned().collect();
                    let message = format!("uitvoer `{}` wordt door geen regel bepaald", n.name);
                    self.unknown_with(n, &known, message, "geen regel met deze naam");
                }
            }
        }
        self.declare_overview(d);
    }

    /// After all bodies: cycles and unused inputs.
    fn finish(&mut self) {
        self.report_cycles();
        for (i, used) in self.input_used.clone().into_iter().enumerate() {
            if used {
                continue;
            }
            let Some(Some(decl)) = self.input_decls.get(i).copied() else {
                continue;
            };
            if decl.unused_reason.is_some() {
                continue;
            }
            let file = self.inputs[i].origin.file;
            self.push(
                Diagnostic::new(
                    Code::UnusedInput,
                    file,
                    decl.name.span,
                    format!("invoer `{}` wordt door geen enkele regel gebruikt", decl.name.name),
                )
                .label("ongebruikt")
                .help("verwijder de invoer, of schrijf eronder `ongebruikt \"reden\"` als het contract hem vraagt"),
            );
        }
    }
}

/// The value of a literal expression of type `ty` (test inputs and
/// expectations), resolved against a program's types. Errors are Dutch
/// messages.
pub fn constant(
    types: &TypeTable,
    e: &ast::Expr,
    ty: &Type,
    file: FileId,
) -> Result<crate::value::Value, Vec<Diagnostic>> {
    let mut c = Compiler {
        types: types.clone(),
        file,
        ..Compiler::default()
    };
    c.modules.push(Module::default());
    c.enum_modules = vec![vec![0]; c.types.enums.len()];
    let mut env = scope::Env::new(0, scope::BodyKind::Pure);
    let l = c.expr(e, Some(ty), &mut env);
    c.coerce(&l, ty, e.span);
    let l = expr::with_unit(l, ty);
    if c.diags.iter().any(|d| d.is_error()) {
        return Err(c.diags);
    }
    fold::fold(&l.node).ok_or_else(|| {
        vec![Diagnostic::new(
            Code::TypeMismatch,
            file,
            e.span,
            "verwacht een vaste waarde",
        )
        .label("geen vaste waarde")]
    })
}

/// A display text of the syntax tree as the program keeps it.
pub(crate) fn label_text(text: &Option<ast::Text>) -> Option<String> {
    text.as_ref().map(|t| t.value.clone())
}
