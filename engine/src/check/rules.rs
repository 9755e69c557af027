//! Rules, exceptions, ladders (afwegingskader), functions and motivation
//! templates: lowering plus their static analyses (unreachable and
//! conflicting exceptions, unreachable ladder steps, missing rounding).

use super::expr::{narrowing, with_unit, Lowered};
use super::fold::fold;
use super::graph::DepNode;
use super::merge::{Merged, MergedItem};
use super::scope::{BodyKind, Env};
use super::Compiler;
use crate::diag::{Code, Diagnostic};
use crate::ir::{Definition, ExceptionDef, LadderDef, Node, StepDef, Template, TemplatePart};
use crate::types::Type;
use crate::value::Value;
use grammar::ast::{self, Expr, ExprKind, Ident, Item, Path, Span, StepPosition};
use grammar::suggest::closest;
use std::collections::HashMap;

impl<'a> Compiler<'a> {
    /// R0203: a money value that may have more than two decimals must be rounded.
    pub fn require_precise(&mut self, l: &Lowered, ty: &Type, span: Span, what: &str) {
        if matches!(ty.strip_optional(), Type::Money(_) | Type::MoneyPerUnit) && !l.precise {
            self.push(
                Diagnostic::new(
                    Code::MissingRounding,
                    self.file,
                    span,
                    format!("{what} is een bedrag, maar deze berekening kan meer dan twee decimalen opleveren"),
                )
                .label("afronding ontbreekt")
                .help("rond af waar de regeling dat zegt, bijvoorbeeld `… afgerond op centen` of `… naar beneden afgerond op hele euro`"),
            );
        }
    }

    /// Lowers expressions of a definition that cannot be checked (its rule
    /// or ladder is unknown) only to record the inputs they use; their
    /// diagnostics would be knock-ons of the one already reported.
    fn record_uses(&mut self, exprs: &[&Expr]) {
        let reported = self.diags.len();
        let mut env = Env::new(0, BodyKind::Rule);
        for e in exprs {
            self.expr(e, None, &mut env);
        }
        self.diags.truncate(reported);
    }

    /// A rule or ladder replacement set aside (R0207) still uses its inputs.
    pub fn record_rejected_uses(&mut self, merged: &Merged<'a>) {
        for mi in &merged.rejected {
            self.file = mi.file;
            match mi.item {
                Item::Rule(d) => self.record_uses(&[&d.body]),
                Item::Ladder(d) => {
                    let conditions: Vec<&Expr> = d.steps.iter().map(|s| &s.condition).collect();
                    self.record_uses(&conditions);
                }
                _ => {}
            }
        }
    }

    /// Lowers a body expression against a declared type.
    fn body(&mut self, e: &Expr, ty: &Type, env: &mut Env, what: &str) -> Node {
        let l = self.expr(e, Some(ty), env);
        self.coerce(&l, ty, e.span);
        self.require_precise(&l, ty, e.span, what);
        with_unit(l, ty).node
    }

    pub fn lower_rule(&mut self, mi: &MergedItem<'a>, d: &'a ast::RuleDecl) {
        let Some(&id) = self.modules[0].rules.get(&d.name.name) else {
            return;
        };
        let ty = self.rule_types[id as usize].clone();
        let mut env = Env::new(0, BodyKind::Rule);
        let node = self.body(&d.body, &ty, &mut env, &format!("regel `{}`", d.name.name));
        let origin = self.origin(mi, d.span, &d.sources);
        let override_range = self.bounds(&d.override_bounds, &ty);
        let rule = &mut self.rules[id as usize];
        rule.def = Definition::Expr(node);
        rule.overridable = d.overridable;
        rule.override_range = override_range;
        rule.origin = origin;
        rule.decision = d.decision;
        rule.locals = env.max_locals;
        self.graph
            .add(DepNode::Rule(id), &env, mi.file, d.name.span, &d.name.name);
    }

    pub fn lower_ladder(&mut self, mi: &MergedItem<'a>, d: &'a ast::LadderDecl) {
        let Some(&id) = self.modules[0].rules.get(&d.name.name) else {
            return;
        };
        let ty = self.rule_types[id as usize].clone();
        let mut env = Env::new(0, BodyKind::Rule);
        let Type::Enum(enum_id) = ty else {
            if ty != Type::Never {
                self.type_error(
                    d.ty.span,
                    "een keuze (de stappen zijn de waarden ervan)",
                    &ty,
                );
            }
            // The conditions still use their inputs (no knock-on R0701).
            for s in &d.steps {
                self.condition(&s.condition, &mut env);
            }
            return;
        };
        let mut steps = Vec::new();
        for s in &d.steps {
            if let Some(step) = self.lower_step(mi, s, Some(&s.condition), enum_id, &mut env) {
                if steps.iter().any(|x: &StepDef| x.name == step.name) {
                    self.err(
                        Code::DuplicateName,
                        s.name.span,
                        &format!("stap `{}` staat er twee keer", s.name.name),
                        "dubbel",
                    );
                }
                steps.push(step);
            }
        }
        let o = &d.otherwise;
        let other = ast::Step {
            name: o.name.clone(),
            condition: Expr {
                kind: ExprKind::Bool(true),
                span: o.span,
            },
            sources: o.sources.clone(),
            motivation: o.motivation.clone(),
            decision: o.decision,
            span: o.span,
        };
        let otherwise = self.lower_step(mi, &other, None, enum_id, &mut env);
        self.report_unreachable_steps(&steps, &d.steps);
        self.graph
            .add(DepNode::Rule(id), &env, mi.file, d.name.span, &d.name.name);
        let Some(otherwise) = otherwise else {
            return;
        };
        let origin = self.origin(mi, d.span, &d.sources);
        let rule = &mut self.rules[id as usize];
        rule.def = Definition::Ladder(LadderDef { steps, otherwise });
        rule.origin = origin;
        rule.decision = d.decision;
        rule.locals = env.max_locals;
    }

    /// A step of a ladder; `None` (after R0304) when its name is no value
    /// of the keuze. Its condition and motivation are lowered either way,
    /// so that a wrong step name still counts as using their inputs.
    fn lower_step(
        &mut self,
        mi: &MergedItem<'a>,
        s: &ast::Step,
        condition: Option<&Expr>,
        enum_id: u32,
        env: &mut Env,
    ) -> Option<StepDef> {
        let condition = condition.map(|c| self.condition(c, env).node);
        let motivation = s.motivation.as_ref().map(|t| self.template(t, env));
        let values = &self.types.enums[enum_id as usize].values;
        let Some(value) = values.iter().position(|v| *v == s.name.name) else {
            let known = values.clone();
            let enum_name = self.types.enums[enum_id as usize].name.clone();
            let mut d = Diagnostic::new(
                Code::StepNotInChoice,
                self.file,
                s.name.span,
                format!(
                    "stap `{}` is geen waarde van de keuze {enum_name}",
                    s.name.name
                ),
            )
            .label("geen waarde van de keuze");
            d = match closest(&s.name.name, known.iter().map(String::as_str)) {
                Some(k) => d.did_you_mean(s.name.span, k),
                None => d.help(format!(
                    "voeg `{}` toe aan `keuze {enum_name}`",
                    s.name.name
                )),
            };
            self.push(d);
            return None;
        };
        Some(StepDef {
            value: value as u32,
            name: s.name.name.clone(),
            condition,
            motivation,
            origin: self.origin(mi, s.span, &s.sources),
            decision: s.decision,
        })
    }

    /// R0303: steps after a step whose condition is always `ja`.
    fn report_unreachable_steps(&mut self, steps: &[StepDef], written: &[ast::Step]) {
        if let Some(i) = steps
            .iter()
            .position(|s| s.condition.as_ref().and_then(fold) == Some(Value::Bool(true)))
        {
            for s in written.iter().skip(i + 1) {
                self.push(
                    Diagnostic::new(
                        Code::StepNeverReached,
                        self.file,
                        s.name.span,
                        format!("stap `{}` wordt nooit bereikt", s.name.name),
                    )
                    .label("onbereikbaar")
                    .help("een eerdere stap geldt altijd"),
                );
            }
        }
    }

    /// Layers add steps to a base ladder (`stap x in ladder voor|na anker als …`).
    pub fn insert_steps(&mut self, merged: &Merged<'a>) {
        for mi in &merged.step_inserts {
            let Item::StepInsert(d) = mi.item else {
                continue;
            };
            self.file = mi.file;
            let Some(&id) = self.modules[0].rules.get(&d.ladder.name) else {
                let known: Vec<String> = self.modules[0].rules.keys().cloned().collect();
                self.unknown(&d.ladder, &known, "afweging");
                self.record_uses(&[&d.step.condition]);
                continue;
            };
            let Type::Enum(enum_id) = self.rule_types[id as usize].clone() else {
                self.err(
                    Code::StepNotInChoice,
                    d.ladder.span,
                    &format!("`{}` is geen afweging", d.ladder.name),
                    "geen afweging",
                );
                self.record_uses(&[&d.step.condition]);
                continue;
            };
            let mut env = Env::new(0, BodyKind::Rule);
            env.next_local = self.rules[id as usize].locals;
            env.max_locals = env.next_local;
            let Some(step) =
                self.lower_step(mi, &d.step, Some(&d.step.condition), enum_id, &mut env)
            else {
                continue;
            };
            let locals = env.max_locals;
            let Definition::Ladder(ladder) = &mut self.rules[id as usize].def else {
                self.err(
                    Code::StepNotInChoice,
                    d.ladder.span,
                    &format!("`{}` is geen afweging", d.ladder.name),
                    "geen afweging",
                );
                continue;
            };
            let anchor = ladder.steps.iter().position(|s| s.name == d.anchor.name);
            let position = match (anchor, d.position) {
                (Some(i), StepPosition::Before) => Some(i),
                (Some(i), StepPosition::After) => Some(i + 1),
                (None, StepPosition::Before) if ladder.otherwise.name == d.anchor.name => {
                    Some(ladder.steps.len())
                }
                _ => None,
            };
            match position {
                Some(p) if !ladder.steps.iter().any(|s| s.name == step.name) => {
                    ladder.steps.insert(p, step);
                    self.rules[id as usize].locals = locals;
                    self.graph.add(
                        DepNode::Rule(id),
                        &env,
                        mi.file,
                        d.step.name.span,
                        &d.ladder.name,
                    );
                }
                Some(_) => self.err(
                    Code::DuplicateName,
                    d.step.name.span,
                    &format!("stap `{}` bestaat al", d.step.name.name),
                    "dubbel",
                ),
                None => {
                    let known: Vec<String> = ladder.steps.iter().map(|s| s.name.clone()).collect();
                    self.unknown(&d.anchor, &known, "stap");
                }
            }
        }
    }

    /// Builds each rule's exception tree and checks it.
    pub fn attach_exceptions(&mut self, merged: &Merged<'a>) {
        // Resolve every exception to (rule, parent label).
        let mut decls: Vec<(&MergedItem<'a>, &'a ast::ExceptionDecl)> = Vec::new();
        let mut by_label: HashMap<String, usize> = HashMap::new();
        for mi in &merged.exceptions {
            let Item::Exception(d) = mi.item else {
                continue;
            };
            if let Some(&first) = by_label.get(&d.label.value) {
                self.file = mi.file;
                let (fmi, fd) = decls[first];
                self.push(
                    Diagnostic::new(
                        Code::DuplicateName,
                        mi.file,
                        d.label.span,
                        format!("er is al een uitzondering \"{}\"", d.label.value),
                    )
                    .label("dubbele naam")
                    .related(fmi.file, fd.label.span, "eerste"),
                );
                continue;
            }
            by_label.insert(d.label.value.clone(), decls.len());
            decls.push((mi, d));
        }
        // Root rule of each exception, following `op "uitzondering"` chains.
        let mut root: Vec<Option<u32>> = vec![None; decls.len()];
        let mut parent: Vec<Option<usize>> = vec![None; decls.len()];
        for i in 0..decls.len() {
            let (mi, d) = decls[i];
            self.file = mi.file;
            let mut seen = vec![i];
            let mut cur = i;
            let resolved = loop {
                match &decls[cur].1.target {
                    ast::ExceptionTarget::Rule(path) => {
                        let name = path.dotted();
                        match self.modules[0].rules.get(&name) {
                            Some(&id) => break Some(id),
                            None => {
                                if cur == i {
                                    let known: Vec<String> =
                                        self.modules[0].rules.keys().cloned().collect();
                                    let ident = Ident {
                                        name,
                                        span: path.span,
                                    };
                                    self.unknown(&ident, &known, "regel");
                                }
                                break None;
                            }
                        }
                    }
                    ast::ExceptionTarget::Exception(label) => match by_label.get(&label.value) {
                        Some(&p) if !seen.contains(&p) => {
                            if cur == i {
                                parent[i] = Some(p);
                            }
                            seen.push(p);
                            cur = p;
                        }
                        Some(_) => {
                            self.err(
                                Code::Cycle,
                                d.label.span,
                                "uitzonderingen verwijzen in een kring naar elkaar",
                                "kring",
                            );
                            break None;
                        }
                        None => {
                            if cur == i {
                                self.err(
                                    Code::UnknownName,
                                    label.span,
                                    &format!("onbekende uitzondering \"{}\"", label.value),
                                    "onbekend",
                                );
                            }
                            break None;
                        }
                    },
                }
            };
            root[i] = resolved;
        }
        // Lower each exception against its rule's type.
        let mut lowered: Vec<Option<ExceptionDef>> = Vec::with_capacity(decls.len());
        for (i, (mi, d)) in decls.iter().enumerate() {
            self.file = mi.file;
            let Some(rule) = root[i] else {
                self.record_uses(&[&d.condition, &d.value]);
                lowered.push(None);
                continue;
            };
            let ty = self.rule_types[rule as usize].clone();
            let mut env = Env::new(0, BodyKind::Rule);
            env.next_local = self.rules[rule as usize].locals;
            env.max_locals = env.next_local;
            let condition = self.condition(&d.condition, &mut env);
            let n = narrowing(&d.condition);
            env.narrowed.extend(n.present);
            let value = self.body(
                &d.value,
                &ty,
                &mut env,
                &format!("uitzondering \"{}\"", d.label.value),
            );
            if fold(&condition.node) == Some(Value::Bool(false)) {
                self.push(
                    Diagnostic::new(
                        Code::ExceptionNeverApplies,
                        mi.file,
                        d.condition.span,
                        format!("uitzondering \"{}\" is nooit van toepassing", d.label.value),
                    )
                    .label("voorwaarde is altijd nee"),
                );
            }
            let rule_def = &mut self.rules[rule as usize];
            rule_def.locals = rule_def.locals.max(env.max_locals);
            let name = rule_def.name.clone();
            self.graph
                .add(DepNode::Rule(rule), &env, mi.file, d.label.span, &name);
            lowered.push(Some(ExceptionDef {
                label: d.label.value.clone(),
                condition: condition.node,
                value,
                origin: self.origin(mi, d.span, &d.sources),
                children: Vec::new(),
            }));
        }
        // Attach children to parents, deepest first (children come after
        // their parents' resolution, so walk in reverse topological order).
        let order = topo_order(&parent);
        for i in order {
            let Some(def) = lowered[i].take() else {
                continue;
            };
            match (parent[i], root[i]) {
                (Some(p), _) => {
                    if let Some(pd) = lowered[p].as_mut() {
                        pd.children.push(def);
                    }
                }
                (None, Some(rule)) => self.rules[rule as usize].exceptions.push(def),
                (None, None) => {}
            }
        }
        self.report_exception_conflicts(&decls);
    }

    /// R0302: siblings of equal rank with the same condition and different values.
    fn report_exception_conflicts(&mut self, decls: &[(&MergedItem<'a>, &'a ast::ExceptionDecl)]) {
        let mut found = Vec::new();
        for rule in &self.rules {
            collect_conflicts(&rule.exceptions, &mut found);
        }
        for (a, b) in found {
            let find = |label: &str| decls.iter().find(|(_, d)| d.label.value == label);
            if let (Some((ma, da)), Some((mb, db))) = (find(&a), find(&b)) {
                self.push(
                    Diagnostic::new(
                        Code::ExceptionConflict,
                        mb.file,
                        db.label.span,
                        format!("uitzonderingen \"{a}\" en \"{b}\" gelden in dezelfde gevallen maar geven een andere waarde"),
                    )
                    .label("conflict")
                    .related(ma.file, da.label.span, "andere uitzondering")
                    .help("maak de ene een uitzondering op de andere (`op \"…\"`), of maak de voorwaarden uitsluitend"),
                );
            }
        }
    }

    pub fn lower_function(&mut self, idx: usize, mi: &MergedItem<'a>, d: &'a ast::FunctionDecl) {
        let Some(&id) = self.modules[idx].functions.get(&d.name.name) else {
            return;
        };
        let mut env = Env::new(idx, BodyKind::Pure);
        let params = self.functions[id as usize].params.clone();
        for (name, ty) in &params {
            env.push_local(name, ty.clone());
        }
        let ret = self.functions[id as usize].ret.clone();
        let body = self.body(
            &d.body,
            &ret,
            &mut env,
            &format!("functie `{}`", d.name.name),
        );
        let f = &mut self.functions[id as usize];
        f.memoized = body.has_loop();
        f.body = body;
        f.locals = env.max_locals;
        self.graph.add(
            DepNode::Function(id),
            &env,
            mi.file,
            d.name.span,
            &d.name.name,
        );
    }

    /// A `motivering` text: `{naam}` and `{naam.veld}` become values.
    pub fn template(&mut self, text: &ast::Text, env: &mut Env) -> Template {
        let mut parts = Vec::new();
        let mut rest = text.value.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            if open > 0 {
                parts.push(TemplatePart::Text(rest[..open].to_string()));
            }
            let inner = rest[open + 1..open + close].trim();
            let path = Path {
                parts: inner
                    .split('.')
                    .map(|p| Ident {
                        name: p.trim().to_string(),
                        span: text.span,
                    })
                    .collect(),
                span: text.span,
            };
            let e = Expr {
                kind: ExprKind::Name(path),
                span: text.span,
            };
            let l = self.expr(&e, None, env);
            parts.push(TemplatePart::Value(l.node, l.ty));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(TemplatePart::Text(rest.to_string()));
        }
        Template { parts }
    }
}

/// Order in which children come before their parents.
fn topo_order(parent: &[Option<usize>]) -> Vec<usize> {
    let depth = |mut i: usize| {
        let mut d = 0;
        while let Some(p) = parent[i] {
            d += 1;
            i = p;
            if d > parent.len() {
                break;
            }
        }
        d
    };
    let mut order: Vec<usize> = (0..parent.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(depth(i)));
    order
}

fn collect_conflicts(siblings: &[ExceptionDef], out: &mut Vec<(String, String)>) {
    for (i, a) in siblings.iter().enumerate() {
        for b in &siblings[i + 1..] {
            let same_condition = format!("{:?}", a.condition) == format!("{:?}", b.condition);
            let same_value = format!("{:?}", a.value) == format!("{:?}", b.value);
            if same_condition && !same_value {
                out.push((a.label.clone(), b.label.clone()));
            }
        }
        collect_conflicts(&a.children, out);
    }
}
