//! The short motivering: per outcome what was decided and why, in the
//! household's own figures, and the articles it rests on — a text a citizen
//! can read, beside the full derivation of [`crate::explain`] for
//! professionals.
//!
//! Derived from the trace and the program only: a refusal names the
//! comparison that failed with both sides' values (found by walking the
//! rule bodies over the values the trace recorded; only an age is computed
//! again, from the recorded dates), a ladder step gives its `motivering` and the figures of
//! its condition, an amount lists what it is made up of. No step numbers,
//! no internal names: everything is named through [`crate::display`].

use crate::citation;
use crate::dates;
use crate::display::{capitalized, value_text as show};
use crate::eval::run::round;
use crate::eval::{Evaluation, OutputValue};
use crate::explain::join_and;
use crate::ir::{
    ArithOp, Builtin, Definition, FollowUpDef, Node, Origin, Program, RuleDef, RuleId,
};
use crate::trace::{Decision, Dep, RuleTrace, Trace};
use crate::types::{Type, TypeTable};
use crate::value::{compare, Value};
use grammar::ast::{CompareOp, DecisionMark};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// How deep the search for a reason follows rules into rules: deep enough
/// for every regeling in rules/, and a bound on the text.
const MAX_DEPTH: usize = 8;

/// The short motivering of `evaluation`; without a trace only the outcomes.
pub fn explain_short(program: &Program, evaluation: &Evaluation, trace: Option<&Trace>) -> String {
    let mut out = format!(
        "{}, peildatum {}\n",
        program.info.name,
        dates::dutch(evaluation.peildatum)
    );
    // The outcomes that are a besluit: the rechtsmiddelen follow once, after all.
    let mut besluiten: Vec<String> = Vec::new();
    for (k, &id) in program.outputs.iter().enumerate() {
        let Some(rule) = program.rules.get(id as usize) else {
            continue;
        };
        out.push('\n');
        let value = match evaluation.outputs.get(k) {
            Some(OutputValue::Decided(v)) => v,
            Some(OutputValue::Undecided(needed)) => {
                let names: Vec<String> = needed
                    .iter()
                    .filter_map(|&i| program.inputs.get(i as usize))
                    .map(|i| i.display_name())
                    .collect();
                out.push_str(&format!(
                    "{}: nog niet te bepalen.\n  Daarvoor is nog nodig: {}.\n",
                    capitalized(&rule.display_name()),
                    join_and(&names)
                ));
                continue;
            }
            None => continue,
        };
        let headline = format!(
            "{}: {}",
            rule.display_name(),
            show(&program.types, &rule.ty, value)
        );
        out.push_str(&format!("{}.\n", capitalized(&headline)));
        let Some(rt) = trace.and_then(|t| t.rule(id).map(|rt| (t, rt))) else {
            continue;
        };
        let mut m = Motivation {
            program,
            trace: rt.0,
            reasons: Vec::new(),
            grounds: Vec::new(),
            figures: Vec::new(),
        };
        m.outcome(rt.1);
        let mut no_besluit = None;
        match decision_mark(rule, rt.1) {
            Some(DecisionMark::Besluit) => besluiten.push(rule.display_name()),
            Some(DecisionMark::NoBesluit) => {
                no_besluit = follow_up(program, DecisionMark::NoBesluit)
            }
            None => {}
        }
        for r in &m.reasons {
            out.push_str(&format!("  {r}\n"));
        }
        // A figure that only repeats the outcome (a function of the same
        // name) or a sentence above says nothing new.
        let said = |f: &String| {
            let (name, value) = f.split_once(": ").unwrap_or((f, ""));
            m.reasons
                .iter()
                .any(|r| r.to_lowercase().contains(&name.to_lowercase()) && r.contains(value))
        };
        let figures: Vec<String> = m
            .figures
            .iter()
            .filter(|f| !f.eq_ignore_ascii_case(&headline) && !said(f))
            .cloned()
            .collect();
        m.figures = figures;
        if !m.figures.is_empty() {
            let text = m.figures.join("; ");
            out.push_str(&format!("  Daarbij is uitgegaan van: {text}.\n"));
        }
        // What follows when there is no besluit (the verslag), after the why.
        if let Some(f) = no_besluit {
            out.push_str(&format!("  {}\n", one_line(&f.text)));
            add_sources(&mut m.grounds, &f.sources);
        }
        if !m.grounds.is_empty() {
            out.push_str(&format!("  Dit berust op {}.\n", grounds_text(&m.grounds)));
        }
    }
    if let (false, Some(f)) = (
        besluiten.is_empty(),
        follow_up(program, DecisionMark::Besluit),
    ) {
        let over = match besluiten.as_slice() {
            [one] => format!("het besluit over {one}"),
            _ => format!("de besluiten over {}", join_and(&besluiten)),
        };
        out.push_str(&format!(
            "\nBezwaar\n  Dit geldt voor {over}.\n  {}\n",
            one_line(&f.text)
        ));
        if !f.sources.is_empty() {
            let mut grounds = Vec::new();
            add_sources(&mut grounds, &f.sources);
            out.push_str(&format!("  Dit berust op {}.\n", grounds_text(&grounds)));
        }
    }
    out
}

/// Whether the outcome of `rule`, decided as `rt` says, is a besluit: the
/// mark of the step that decided it, else of the rule or afweging.
fn decision_mark(rule: &RuleDef, rt: &RuleTrace) -> Option<DecisionMark> {
    let step = match rt.decision {
        Decision::LadderStep { .. } | Decision::Otherwise { .. } => rt.decision.step(rule),
        _ => None,
    };
    step.and_then(|s| s.decision).or(rule.decision)
}

fn follow_up(program: &Program, kind: DecisionMark) -> Option<&FollowUpDef> {
    program.follow_ups.iter().find(|f| f.kind == kind)
}

/// A text from the rule file on one line (its line breaks are layout).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Motivation<'a> {
    program: &'a Program,
    trace: &'a Trace,
    /// Sentences, each once.
    reasons: Vec<String>,
    /// The articles (by number and title, with their document) and `bron`
    /// lines, each once.
    grounds: Vec<(Option<String>, String)>,
    /// "naam: waarde" of the figures behind conditions [`Self::figures`]
    /// could not put in a sentence; written once, after the reasons.
    figures: Vec<String>,
}

impl<'a> Motivation<'a> {
    fn reason(&mut self, text: String) {
        if !self.reasons.contains(&text) {
            self.reasons.push(text);
        }
    }

    fn ground(&mut self, origin: &Origin) {
        let mut items: Vec<(Option<String>, String)> = Vec::new();
        // A `bron` such as "onder a" or "lid 2" names the part of the
        // article the rule rests on: cite that part, not the whole article.
        let mut parts = Vec::new();
        let mut others = Vec::new();
        for segment in origin.sources.iter().flat_map(|s| citation::segments(s)) {
            match citation::part_ref(segment) {
                Some(r) => parts.push(r),
                None => others.push(segment.to_string()),
            }
        }
        match &origin.article {
            Some(a) => {
                let title = a
                    .title
                    .as_ref()
                    .map(|t| format!(" ({t})"))
                    .unwrap_or_default();
                if parts.is_empty() {
                    items.push((a.document.clone(), format!("art. {}{title}", a.number)));
                }
                for part in &parts {
                    // The author's own note on the part says more than the
                    // article's title.
                    let note = part.note.map(|n| format!(" {n}")).unwrap_or(title.clone());
                    items.push((
                        a.document.clone(),
                        format!("art. {} {}{note}", a.number, part.name()),
                    ));
                }
            }
            None => items.extend(parts.iter().map(|r| {
                let note = r.note.map(|n| format!(" {n}")).unwrap_or_default();
                (None, format!("{}{note}", r.name()))
            })),
        }
        items.extend(others.into_iter().map(|s| (None, s)));
        for item in items {
            add_ground(&mut self.grounds, item);
        }
    }

    /// Why the output rule `rt` has its value.
    fn outcome(&mut self, rt: &'a RuleTrace) {
        let program = self.program;
        let Some(rule) = program.rules.get(rt.rule as usize) else {
            return;
        };
        self.ground(&rule.origin);
        match &rt.decision {
            Decision::LadderStep { motivation, .. } | Decision::Otherwise { motivation } => {
                if let Some(text) = motivation {
                    self.reason(text.clone());
                }
                if let Some(step) = rt.decision.step(rule) {
                    self.ground(&step.origin);
                    if let Some(condition) = &step.condition {
                        self.why(condition, true, rt, 0);
                    }
                }
            }
            Decision::Exception { path } => {
                let chain = self.trace.exception_chain(rule, *path);
                if let Some(inner) = chain.last() {
                    self.reason(format!("Hier geldt de uitzondering \"{}\".", inner.label));
                    self.ground(&inner.origin);
                    self.why(&inner.condition, true, rt, 0);
                }
            }
            Decision::Override { reason, .. } => {
                self.reason(format!("Hiervan is afgeweken: {reason}."));
            }
            Decision::Undecided => {}
            Decision::Base => {
                let Definition::Expr(body) = &rule.def else {
                    return;
                };
                match (&rule.ty.strip_optional(), &rt.value) {
                    (Type::Bool, Some(Value::Bool(b))) => self.why(body, *b, rt, 0),
                    (
                        Type::Money(_)
                        | Type::MoneyPerUnit
                        | Type::Number
                        | Type::Integer
                        | Type::Percentage,
                        _,
                    ) => {
                        self.made_of(rt);
                    }
                    _ => {}
                }
            }
        }
    }

    /// The figures an amount is made of: what its rule used, by name.
    fn made_of(&mut self, rt: &'a RuleTrace) {
        let program = self.program;
        let types = &program.types;
        let mut parts = Vec::new();
        for dep in self.trace.used(rt) {
            let part = match dep {
                Dep::Input { input, value } if *input != program.peildatum => program
                    .inputs
                    .get(*input as usize)
                    .map(|d| (d.display_name(), show(types, &d.ty, value), &d.ty)),
                Dep::Param {
                    parameter, value, ..
                } => program.params.get(*parameter as usize).map(|d| {
                    self.ground(&d.origin);
                    (d.display_name(), show(types, &d.ty, value), &d.ty)
                }),
                Dep::Rule { rule } => {
                    let def = program.rules.get(*rule as usize);
                    let value = self.trace.rule(*rule).and_then(|r| r.value.as_ref());
                    def.zip(value)
                        .map(|(d, v)| (d.display_name(), show(types, &d.ty, v), &d.ty))
                }
                Dep::Table { table, value, .. } => program.tables.get(*table as usize).map(|d| {
                    self.ground(&d.origin);
                    let ty = &d.result_type;
                    (d.display_name(), show(types, ty, value), ty)
                }),
                _ => None,
            };
            if let Some((name, value)) = part
                .filter(|(_, _, ty)| is_figure(ty))
                .map(|(n, v, _)| (n, v))
            {
                parts.push(format!("{name}: {value}"));
            }
        }
        if !parts.is_empty() {
            self.reason(format!("Dit volgt uit: {}.", parts.join("; ")));
        }
    }

    /// Adds the reasons why `node`, in the body of `ctx`, is `want`.
    fn why(&mut self, node: &'a Node, want: bool, ctx: &'a RuleTrace, depth: usize) {
        if depth > MAX_DEPTH {
            return self.fallback(ctx);
        }
        match node {
            Node::Not(inner) => self.why(inner, !want, ctx, depth),
            Node::And(a, b) | Node::Or(a, b) => {
                // `en` is false (and `of` true) by one side; the other way
                // both sides decide.
                let one_decides = matches!(node, Node::And(..)) != want;
                if one_decides {
                    // A side known not to decide leaves the other.
                    match (self.truth(a, ctx), self.truth(b, ctx)) {
                        (Some(x), _) if x == want => self.why(a, want, ctx, depth),
                        (Some(_), _) => self.why(b, want, ctx, depth),
                        (None, Some(y)) if y != want => self.why(a, want, ctx, depth),
                        _ => self.why(b, want, ctx, depth),
                    }
                } else {
                    self.why(a, want, ctx, depth);
                    self.why(b, want, ctx, depth);
                }
            }
            Node::Rule(id) => self.why_rule(*id, want, depth),
            Node::Compare(_, l, r) => match self.comparison(l, r, ctx) {
                Some(text) => self.reason(text),
                None => self.figures(node, ctx),
            },
            Node::Input(id) => match self.side(node, ctx) {
                Some((_, ty, v)) => {
                    let name = self
                        .program
                        .inputs
                        .get(*id as usize)
                        .map(|d| d.display_name())
                        .unwrap_or_default();
                    let text = format!(
                        "{}: {}.",
                        capitalized(&name),
                        show(&self.program.types, ty, &v)
                    );
                    self.reason(text);
                }
                None => self.fallback(ctx),
            },
            _ => self.figures(node, ctx),
        }
    }

    /// For a condition too intricate to put in one sentence: the figures
    /// it was decided on, by name (else the rule and its value).
    fn figures(&mut self, node: &'a Node, ctx: &'a RuleTrace) {
        let mut parts = std::mem::take(&mut self.figures);
        let before = parts.len();
        self.leaves(node, ctx, &mut parts);
        let found = parts.len() > before;
        self.figures = parts;
        if !found {
            self.fallback(ctx);
        }
    }

    /// "naam: waarde" of every name in `node` whose value the trace holds.
    fn leaves(&mut self, node: &'a Node, ctx: &'a RuleTrace, parts: &mut Vec<String>) {
        let program = self.program;
        let types = &program.types;
        let part = match node {
            Node::Input(id) if *id == program.peildatum => None,
            Node::Input(_) | Node::Param(_) | Node::Rule(_) => self
                .side(node, ctx)
                .filter(|(_, ty, _)| is_figure(ty))
                .and_then(|(n, ty, v)| Some(format!("{}: {}", n?, show(types, ty, &v)))),
            Node::CallFn(id, args) => {
                let def = program.functions.get(*id as usize);
                let value = self.trace.used(ctx).find_map(|d| match d {
                    Dep::Call {
                        function, value, ..
                    } if function == id => value.clone(),
                    _ => None,
                });
                for a in args {
                    self.leaves(a, ctx, parts);
                }
                def.zip(value)
                    .map(|(d, v)| format!("{}: {}", d.display_name(), show(types, &d.ret, &v)))
            }
            _ => {
                node.for_each_child(|c| self.leaves(c, ctx, parts));
                None
            }
        };
        if let Some(p) = part {
            if !parts.contains(&p) {
                parts.push(p);
            }
        }
    }

    /// Why rule `id` is `want`: through its body when it was decided by
    /// it, else by how it was decided.
    fn why_rule(&mut self, id: RuleId, want: bool, depth: usize) {
        let program = self.program;
        let (Some(rule), Some(rt)) = (program.rules.get(id as usize), self.trace.rule(id)) else {
            return;
        };
        self.ground(&rule.origin);
        match (&rt.decision, &rule.def) {
            (Decision::Base, Definition::Expr(body)) => self.why(body, want, rt, depth + 1),
            (Decision::Exception { path }, _) => {
                if let Some(inner) = self.trace.exception_chain(rule, *path).last() {
                    self.ground(&inner.origin);
                    let text = format!(
                        "Voor {} geldt de uitzondering \"{}\".",
                        rule.display_name(),
                        inner.label
                    );
                    self.reason(text);
                }
            }
            _ => self.fallback(rt),
        }
    }

    /// When no finer reason can be named: the rule and its value.
    fn fallback(&mut self, rt: &RuleTrace) {
        let program = self.program;
        let (Some(rule), Some(v)) = (program.rules.get(rt.rule as usize), &rt.value) else {
            return;
        };
        let text = format!(
            "{}: {}.",
            capitalized(&rule.display_name()),
            show(&program.types, &rule.ty, v)
        );
        self.reason(text);
    }

    /// "Inkomen per maand van € 1.650,00 is hoger dan inkomensnorm van
    /// € 1.480,00 per maand (110% van toepasselijke bijstandsnorm van
    /// € 1.345,45 per maand)." A side that is a calculation is given with its
    /// parts and total; a side that is a rule calculated from others says
    /// how. `None` when a side's value cannot be had from the trace.
    fn comparison(&mut self, l: &'a Node, r: &'a Node, ctx: &'a RuleTrace) -> Option<String> {
        let left = self.compared(l, ctx);
        let right = self.compared(r, ctx);
        let (left, right) = (left?, right?);
        // A literal or a calculation takes the type of the other side.
        let (lt, rt) = match (left.ty, right.ty) {
            (Type::Never, t) | (t, Type::Never) => (t, t),
            pair => pair,
        };
        let types = &self.program.types;
        let order = compare(&left.value, &right.value)?;
        let ordered = matches!(
            lt.strip_optional(),
            Type::Money(_)
                | Type::MoneyPerUnit
                | Type::Number
                | Type::Integer
                | Type::Percentage
                | Type::Date
                | Type::Duration
        );
        let relation = match (ordered, order, lt.strip_optional()) {
            (true, Ordering::Greater, Type::Date) => "ligt na",
            (true, Ordering::Less, Type::Date) => "ligt voor",
            (true, Ordering::Greater, _) => "is hoger dan",
            (true, Ordering::Less, _) => "is lager dan",
            _ => "is gelijk aan",
        };
        if !ordered {
            // A keuze, text or ja/nee: say the value itself.
            let ln = left.name?;
            let (lv, rv) = (show(types, lt, &left.value), show(types, rt, &right.value));
            return Some(match order {
                Ordering::Equal => format!("{} is {lv}.", capitalized(&ln)),
                _ => format!("{} is {lv}, niet {rv}.", capitalized(&ln)),
            });
        }
        // An age is in years, and so is what it is compared with.
        let unit = if left.age || right.age { " jaar" } else { "" };
        if let (Ordering::Equal, Some(name), None) = (order, &left.name, &right.name) {
            // "Meetellende voorzieningen: 0." rather than "… van 0 is gelijk aan 0."
            let value = show(types, lt, &left.value);
            return Some(format!("{}: {value}{unit}.", capitalized(name)));
        }
        let mut left_text = left.text(types, lt, unit)?;
        if left.total_of.is_some() {
            // "a plus b, samen c, is lager dan …"
            left_text.push(',');
        }
        let right_text = right
            .text(types, rt, unit)
            .or_else(|| Some(format!("{}{unit}", show(types, rt, &right.value))))?;
        Some(format!(
            "{} {relation} {right_text}.",
            capitalized(&left_text)
        ))
    }

    /// A side of a comparison with what it is made of.
    fn compared(&mut self, node: &'a Node, ctx: &'a RuleTrace) -> Option<Compared<'a>> {
        if let Some((name, ty, value)) = self.side(node, ctx) {
            let made_of = match node {
                Node::Rule(id) => self.rule_calculation(*id),
                _ => None,
            };
            let age = matches!(node, Node::Builtin(Builtin::Age, _));
            return Some(Compared {
                name,
                ty,
                value,
                made_of,
                total_of: None,
                age,
            });
        }
        let (value, parts) = self.calculation(node, ctx)?;
        Some(Compared {
            name: None,
            ty: &Type::Never,
            value: Value::Num(value),
            made_of: None,
            total_of: Some(parts),
            age: false,
        })
    }

    /// "110% van toepasselijke bijstandsnorm van € 1.345,45 per maand": how
    /// a rule decided by its own body was calculated, when it was.
    fn rule_calculation(&mut self, id: RuleId) -> Option<String> {
        let rule = self.program.rules.get(id as usize)?;
        let rt = self.trace.rule(id)?;
        let (Decision::Base, Definition::Expr(body)) = (&rt.decision, &rule.def) else {
            return None;
        };
        let inner = match body {
            Node::Round(inner, ..) => inner,
            other => other,
        };
        matches!(inner, Node::Arith(..)).then_some(())?;
        Some(self.calculation(inner, rt)?.1)
    }

    /// The value of an arithmetic expression over recorded values, and its
    /// parts in words; `None` for anything else.
    fn calculation(&mut self, node: &'a Node, ctx: &'a RuleTrace) -> Option<(Decimal, String)> {
        let types = &self.program.types;
        match node {
            Node::Arith(op, a, b) => {
                let (x, xs) = self.calculation(a, ctx)?;
                let (y, ys) = self.calculation(b, ctx)?;
                let a_pct = matches!(self.side(a, ctx), Some((_, Type::Percentage, _)));
                let b_pct = matches!(self.side(b, ctx), Some((_, Type::Percentage, _)));
                let (value, text) = match op {
                    ArithOp::Add => (x.checked_add(y)?, format!("{xs} plus {ys}")),
                    ArithOp::Sub => (x.checked_sub(y)?, format!("{xs} min {ys}")),
                    ArithOp::Mul if a_pct => (x.checked_mul(y)?, format!("{xs} van {ys}")),
                    ArithOp::Mul if b_pct => (x.checked_mul(y)?, format!("{ys} van {xs}")),
                    ArithOp::Mul => (x.checked_mul(y)?, format!("{xs} maal {ys}")),
                    ArithOp::Div => (x.checked_div(y)?, format!("{xs} gedeeld door {ys}")),
                };
                Some((value, text))
            }
            Node::Round(inner, mode, decimals) => {
                let (v, text) = self.calculation(inner, ctx)?;
                Some((round(v, *mode, *decimals), text))
            }
            Node::Scale(inner, num, den) => {
                let (v, text) = self.calculation(inner, ctx)?;
                Some((v.checked_mul(*num)?.checked_div(*den)?, text))
            }
            _ => {
                let (name, ty, value) = self.side(node, ctx)?;
                let Value::Num(n) = value else {
                    return None;
                };
                let shown = show(types, ty, &Value::Num(n));
                Some(match (name, ty) {
                    (Some(name), Type::Money(_) | Type::Number | Type::Integer) => {
                        (n, format!("{name} van {shown}"))
                    }
                    _ => (n, shown),
                })
            }
        }
    }

    /// A side of a comparison: its name (none for a literal), type (`Never`
    /// for a literal) and value, as the trace recorded it.
    fn side(
        &mut self,
        node: &'a Node,
        ctx: &'a RuleTrace,
    ) -> Option<(Option<String>, &'a Type, Value)> {
        let program = self.program;
        match node {
            Node::Const(v) => Some((None, &Type::Never, v.clone())),
            Node::Input(id) => {
                let def = program.inputs.get(*id as usize)?;
                let value = self.trace.used(ctx).find_map(|d| match d {
                    Dep::Input { input, value } if input == id => Some(value.clone()),
                    _ => None,
                })?;
                Some((Some(def.display_name()), &def.ty, value))
            }
            Node::Param(id) => {
                let def = program.params.get(*id as usize)?;
                let value = self.trace.used(ctx).find_map(|d| match d {
                    Dep::Param {
                        parameter, value, ..
                    } if parameter == id => Some(value.clone()),
                    _ => None,
                })?;
                self.ground(&def.origin);
                Some((Some(def.display_name()), &def.ty, value))
            }
            Node::Rule(id) => {
                let def = program.rules.get(*id as usize)?;
                let value = self.trace.rule(*id)?.value.clone()?;
                self.ground(&def.origin);
                Some((Some(def.display_name()), &def.ty, value))
            }
            Node::Field(inner, i) => {
                let (owner, ty, value) = self.side(inner, ctx)?;
                let (Type::Record(r), Value::Record(fields)) = (ty.strip_optional(), value) else {
                    return None;
                };
                let record = program.types.records.get(*r as usize)?;
                let (_, field_ty) = record.fields.get(*i as usize)?;
                let name = format!("{} van {}", record.field_display(*i as usize), owner?);
                Some((Some(name), field_ty, fields.get(*i as usize)?.clone()))
            }
            // `leeftijd(x.geboortedatum; peildatum)`: the age the evaluator
            // computed, from the same dates by the same function.
            Node::Builtin(Builtin::Age, args) => {
                let [birth, on] = args.as_slice() else {
                    return None;
                };
                let whose = match birth {
                    Node::Field(inner, _) => self.side(inner, ctx)?.0?,
                    _ => self.side(birth, ctx)?.0?,
                };
                let (Value::Date(b), Value::Date(o)) =
                    (self.side(birth, ctx)?.2, self.side(on, ctx)?.2)
                else {
                    return None;
                };
                let age = Value::Num(dates::age_on(b, o).into());
                Some((Some(format!("leeftijd van {whose}")), &Type::Integer, age))
            }
            _ => None,
        }
    }

    /// The truth of a condition from the recorded values, when they say it.
    fn truth(&mut self, node: &'a Node, ctx: &'a RuleTrace) -> Option<bool> {
        match node {
            Node::Not(inner) => self.truth(inner, ctx).map(|b| !b),
            Node::And(a, b) => match self.truth(a, ctx)? {
                false => Some(false),
                true => self.truth(b, ctx),
            },
            Node::Or(a, b) => match self.truth(a, ctx)? {
                true => Some(true),
                false => self.truth(b, ctx),
            },
            Node::Compare(op, l, r) => {
                let (_, _, lv) = self.side(l, ctx)?;
                let (_, _, rv) = self.side(r, ctx)?;
                let order = compare(&lv, &rv)?;
                Some(match op {
                    CompareOp::Eq => order == Ordering::Equal,
                    CompareOp::Ne => order != Ordering::Equal,
                    CompareOp::Lt => order == Ordering::Less,
                    CompareOp::Le => order != Ordering::Greater,
                    CompareOp::Gt => order == Ordering::Greater,
                    CompareOp::Ge => order != Ordering::Less,
                })
            }
            Node::Const(Value::Bool(b)) => Some(*b),
            Node::Rule(_) | Node::Input(_) => match self.side(node, ctx)?.2 {
                Value::Bool(b) => Some(b),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A side of a comparison: named (with how a rule side was calculated) or
/// a calculation (with its parts).
struct Compared<'a> {
    name: Option<String>,
    ty: &'a Type,
    value: Value,
    /// How a rule side was calculated from other figures.
    made_of: Option<String>,
    /// The parts of a side that is a calculation.
    total_of: Option<String>,
    /// An age (in years).
    age: bool,
}

impl Compared<'_> {
    /// "inkomen per maand van € 1.650,00 per maand", "inkomen plus 4% van
    /// vermogen van € 10.000,00, samen € 21.900,00 per jaar"; `None` for a
    /// literal.
    fn text(&self, types: &TypeTable, ty: &Type, unit: &str) -> Option<String> {
        let value = format!("{}{unit}", show(types, ty, &self.value));
        if let Some(parts) = &self.total_of {
            return Some(format!("{parts}, samen {value}"));
        }
        let name = without_period(self.name.as_deref()?, &value);
        Some(match &self.made_of {
            Some(how) => format!("{name} van {value} ({how})"),
            None => format!("{name} van {value}"),
        })
    }
}

/// A name that ends in the period its value shows ("inkomen per maand" of
/// "€ 1.650,00 per maand") without it: the period is said once.
fn without_period<'n>(name: &'n str, value: &str) -> &'n str {
    match name.rfind(" per ") {
        Some(i) if value.ends_with(&name[i..]) => &name[..i],
        _ => name,
    }
}

/// Whether a value reads as one figure: not a record or list (a person's
/// whole record says nothing by itself).
fn is_figure(ty: &Type) -> bool {
    !matches!(ty.strip_optional(), Type::Record(_) | Type::List(_))
}

/// `bron` lines outside any article (a follow-up text's), each segment a ground.
fn add_sources(grounds: &mut Vec<(Option<String>, String)>, sources: &[String]) {
    for s in sources.iter().flat_map(|s| citation::segments(s)) {
        add_ground(grounds, (None, s.to_string()));
    }
}

/// Adds a ground once. Two grounds are one when they cite the same thing
/// in the same document, whatever their titles (`art. 5 onder a
/// (ambtshalve toekenning)` beside `art. 5 onder a (Ambtshalve
/// toekenning)`); a bare `bron` line is one with a document's article it
/// names; and a part cited (`art. 4 lid 3`) stands for its whole article
/// (`art. 4`), which it replaces.
fn add_ground(grounds: &mut Vec<(Option<String>, String)>, item: (Option<String>, String)) {
    let key = citation_key(&item.1);
    let within =
        |outer: &str, inner: &str| inner == outer || inner.starts_with(&format!("{outer} "));
    let covers = |g: &(Option<String>, String)| {
        (g.0 == item.0 || item.0.is_none()) && within(&key, &citation_key(&g.1))
    };
    if grounds.iter().any(covers) {
        return;
    }
    // A document's article makes an earlier bare `bron` line for it redundant.
    grounds.retain(|g| !(g.0.is_none() && item.0.is_some() && within(&citation_key(&g.1), &key)));
    if let Some(g) = grounds
        .iter_mut()
        .find(|g| g.0 == item.0 && within(&citation_key(&g.1), &key))
    {
        *g = item;
        return;
    }
    grounds.push(item);
}

/// What a ground cites, without its title: "art. 4 lid 3".
fn citation_key(ground: &str) -> String {
    let cited = ground.split(" (").next().unwrap_or(ground);
    cited.trim().to_lowercase()
}

/// "art. 2 (Meedoenregeling) en art. 1 onder d (Inkomen) van de
/// Beleidsregels …": the articles grouped by their document, in the order
/// they were met; `bron` lines as written.
fn grounds_text(grounds: &[(Option<String>, String)]) -> String {
    let mut documents: Vec<&Option<String>> = Vec::new();
    for (d, _) in grounds {
        if !documents.contains(&d) {
            documents.push(d);
        }
    }
    let groups: Vec<String> = documents
        .into_iter()
        .map(|doc| {
            let items: Vec<String> = grounds
                .iter()
                .filter(|(d, _)| d == doc)
                .map(|(_, i)| i.clone())
                .collect();
            match doc {
                Some(doc) => format!("{} van {doc}", join_and(&items)),
                None => join_and(&items),
            }
        })
        .collect();
    groups.join("; ")
}

#[cfg(test)]
mod tests {
    use super::add_ground;

    #[test]
    fn a_citation_spelled_out_further_is_one_ground() {
        let mut grounds = Vec::new();
        let doc = Some("Beleidsregels".to_string());
        add_ground(&mut grounds, (None, "art. 5 onder a".into()));
        add_ground(
            &mut grounds,
            (None, "art. 5 onder a (ambtshalve toekenning)".into()),
        );
        add_ground(&mut grounds, (None, "art. 5 onder a".into()));
        add_ground(&mut grounds, (None, "Wmo 2015 art. 2.3.5".into()));
        // The document's article replaces the bare `bron` line that repeats it.
        add_ground(
            &mut grounds,
            (doc.clone(), "art. 5 onder a (Ambtshalve toekenning)".into()),
        );
        add_ground(&mut grounds, (doc.clone(), "art. 5".into()));
        add_ground(
            &mut grounds,
            (doc.clone(), "art. 2 (Meedoenregeling)".into()),
        );
        add_ground(&mut grounds, (None, "art. 2 (meedoenregeling)".into()));
        assert_eq!(
            grounds,
            [
                (None, "Wmo 2015 art. 2.3.5".to_string()),
                (
                    doc.clone(),
                    "art. 5 onder a (Ambtshalve toekenning)".to_string()
                ),
                (doc, "art. 2 (Meedoenregeling)".to_string()),
            ]
        );
    }
}
