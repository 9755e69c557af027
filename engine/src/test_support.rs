//! Test support (compiled for the engine's own unit tests only): build
//! small [`Program`]s by hand (no parser, no checker) and run them, with
//! and without a trace. Shared by the evaluator's, the codec's, the
//! result's and the explanation's tests.

#![allow(dead_code)]

use crate::eval::{self, EvalError, EvalOptions, Evaluation};
use crate::ir::*;
use crate::trace::{self, Trace};
use crate::types::{EnumType, RecordType, Type, TypeTable};
use crate::value::Value;
use chrono::NaiveDate;
use grammar::ast::{CompareOp, HitPolicy, RoundMode, Span};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::Arc;

pub const REGELING: &str = "test.regeling";

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

// ----- values -----

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("test decimal")
}
pub fn n(s: &str) -> Value {
    Value::Num(dec(s))
}
pub fn i(x: i64) -> Value {
    Value::Num(Decimal::from(x))
}
pub fn b(x: bool) -> Value {
    Value::Bool(x)
}
pub fn dv(y: i32, m: u32, d: u32) -> Value {
    Value::Date(date(y, m, d))
}
pub fn text(s: &str) -> Value {
    Value::Text(Arc::from(s))
}
pub fn list(items: Vec<Value>) -> Value {
    Value::List(Arc::from(items))
}
pub fn record(fields: Vec<Value>) -> Value {
    Value::Record(Arc::from(fields))
}

// ----- nodes -----

pub fn c(v: Value) -> Node {
    Node::Const(v)
}
pub fn cn(s: &str) -> Node {
    c(n(s))
}
pub fn ci(x: i64) -> Node {
    c(i(x))
}
pub fn cb(x: bool) -> Node {
    c(b(x))
}
pub fn cd(y: i32, m: u32, d: u32) -> Node {
    c(dv(y, m, d))
}
pub fn input(id: InputId) -> Node {
    Node::Input(id)
}
pub fn rule(id: RuleId) -> Node {
    Node::Rule(id)
}
pub fn param(id: ParamId) -> Node {
    Node::Param(id)
}
pub fn local(i: u32) -> Node {
    Node::Local(i)
}
fn bx(n: Node) -> Box<Node> {
    Box::new(n)
}
pub fn arith(op: ArithOp, a: Node, b: Node) -> Node {
    Node::Arith(op, bx(a), bx(b))
}
pub fn add(a: Node, b: Node) -> Node {
    arith(ArithOp::Add, a, b)
}
pub fn sub(a: Node, b: Node) -> Node {
    arith(ArithOp::Sub, a, b)
}
pub fn mul(a: Node, b: Node) -> Node {
    arith(ArithOp::Mul, a, b)
}
pub fn div(a: Node, b: Node) -> Node {
    arith(ArithOp::Div, a, b)
}
pub fn cmp(op: CompareOp, a: Node, b: Node) -> Node {
    Node::Compare(op, bx(a), bx(b))
}
pub fn eq(a: Node, b: Node) -> Node {
    cmp(CompareOp::Eq, a, b)
}
pub fn lt(a: Node, b: Node) -> Node {
    cmp(CompareOp::Lt, a, b)
}
pub fn ge(a: Node, b: Node) -> Node {
    cmp(CompareOp::Ge, a, b)
}
pub fn and(a: Node, b: Node) -> Node {
    Node::And(bx(a), bx(b))
}
pub fn or(a: Node, b: Node) -> Node {
    Node::Or(bx(a), bx(b))
}
pub fn not(a: Node) -> Node {
    Node::Not(bx(a))
}
pub fn if_(cond: Node, then: Node, otherwise: Node) -> Node {
    Node::If(bx(cond), bx(then), bx(otherwise))
}
pub fn round(x: Node, mode: RoundMode, decimals: u32) -> Node {
    Node::Round(bx(x), mode, decimals)
}
pub fn field(x: Node, i: u32) -> Node {
    Node::Field(bx(x), i)
}
pub fn builtin(bi: Builtin, args: Vec<Node>) -> Node {
    Node::Builtin(bi, args)
}
pub fn fail(msg: &str) -> Node {
    Node::Fail(Arc::from(msg), Span::new(3, 7))
}

// ----- origins -----

pub fn origin() -> Origin {
    Origin {
        file: 0,
        span: Span::new(0, 1),
        article: None,
        sources: Vec::new(),
        regeling: Arc::from(REGELING),
    }
}

pub fn origin_at(article: &str, text: Option<&str>, source: Option<&str>) -> Origin {
    Origin {
        file: 0,
        span: Span::new(0, 1),
        article: Some(Arc::new(ArticleRef {
            number: article.into(),
            title: None,
            text: text.map(str::to_string),
            document: Some("Testverordening".into()),
            parts: Vec::new(),
        })),
        sources: source.map(|s| vec![s.to_string()]).unwrap_or_default(),
        regeling: Arc::from(REGELING),
    }
}

// ----- exceptions, ladders, tables -----

pub fn exception(
    label: &str,
    condition: Node,
    value: Node,
    children: Vec<ExceptionDef>,
) -> ExceptionDef {
    ExceptionDef {
        label: label.into(),
        condition,
        value,
        origin: origin_at(label, None, None),
        children,
    }
}

pub fn step(
    value: u32,
    name: &str,
    condition: Option<Node>,
    motivation: Option<Template>,
) -> StepDef {
    StepDef {
        value,
        name: name.into(),
        condition,
        motivation,
        origin: origin(),
        decision: None,
    }
}

pub fn row(number: u32, tests: Vec<CellTest>, outputs: Vec<Option<Node>>) -> RowDef {
    RowDef {
        tests,
        outputs,
        span: Span::new(0, 1),
        number,
    }
}

pub fn is(v: Node) -> CellTest {
    CellTest::Compare(CompareOp::Eq, v)
}

// ----- programs -----

pub struct Builder {
    pub types: TypeTable,
    pub program: Program,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// A program with only the peildatum input (slot 0).
    pub fn new() -> Builder {
        let program = Program {
            info: ProgramInfo {
                id: REGELING.into(),
                name: "Testregeling".into(),
                version: "2025".into(),
                valid_from: date(2025, 1, 1),
                valid_through: Some(date(2025, 12, 31)),
                parts: vec![VersionRef {
                    regeling: REGELING.into(),
                    version: "2025".into(),
                    file: 0,
                    path: "rules/test/regeling/2025.regels".into(),
                    hash: "sha256:00".into(),
                    valid_from: date(2025, 1, 1),
                    valid_through: Some(date(2025, 12, 31)),
                    role: VersionRole::Main,
                }],
            },
            types: Arc::new(TypeTable::default()),
            inputs: vec![InputDef {
                name: "peildatum".into(),
                ty: Type::Date,
                range: None,
                origin: origin(),
                label: None,
                question: None,
                help: None,
                fact: None,
            }],
            rules: Vec::new(),
            params: Vec::new(),
            functions: Vec::new(),
            tables: Vec::new(),
            outputs: Vec::new(),
            peildatum: 0,
            constraints: Vec::new(),
            overview: Default::default(),
            follow_ups: Vec::new(),
        };
        Builder {
            types: TypeTable::default(),
            program,
        }
    }

    pub fn enumeration(&mut self, name: &str, values: &[&str]) -> u32 {
        self.types.enums.push(EnumType {
            name: name.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
            labels: Vec::new(),
        });
        (self.types.enums.len() - 1) as u32
    }

    pub fn record_type(&mut self, name: &str, fields: Vec<(&str, Type)>) -> u32 {
        self.types.records.push(RecordType {
            name: name.into(),
            fields: fields
                .into_iter()
                .map(|(n, t)| (n.to_string(), t))
                .collect(),
            field_labels: Vec::new(),
            field_ranges: Vec::new(),
        });
        (self.types.records.len() - 1) as u32
    }

    pub fn input(&mut self, name: &str, ty: Type) -> InputId {
        self.program.inputs.push(InputDef {
            name: name.into(),
            ty,
            range: None,
            origin: origin(),
            label: None,
            question: None,
            help: None,
            fact: None,
        });
        (self.program.inputs.len() - 1) as u32
    }

    pub fn rule_def(&mut self, def: RuleDef) -> RuleId {
        self.program.rules.push(def);
        (self.program.rules.len() - 1) as u32
    }

    pub fn new_rule(name: &str, ty: Type, def: Definition) -> RuleDef {
        RuleDef {
            name: name.into(),
            ty,
            def,
            exceptions: Vec::new(),
            overridable: false,
            override_range: None,
            origin: origin(),
            locals: 0,
            label: None,
            decision: None,
        }
    }

    pub fn rule(&mut self, name: &str, ty: Type, body: Node) -> RuleId {
        self.rule_def(Self::new_rule(name, ty, Definition::Expr(body)))
    }

    /// A rule with `locals` local slots (for list expressions).
    pub fn rule_with_locals(&mut self, name: &str, ty: Type, body: Node, locals: u32) -> RuleId {
        let mut r = Self::new_rule(name, ty, Definition::Expr(body));
        r.locals = locals;
        self.rule_def(r)
    }

    pub fn output(&mut self, rule: RuleId) {
        self.program.outputs.push(rule);
    }

    pub fn param(
        &mut self,
        name: &str,
        ty: Type,
        timeline: Vec<(NaiveDate, Option<NaiveDate>, Value)>,
    ) -> ParamId {
        self.program.params.push(ParamDef {
            name: name.into(),
            ty,
            timeline: timeline
                .into_iter()
                .map(|(from, through, value)| DatedValue {
                    from,
                    through,
                    value,
                    supplied_by: None,
                    end_reason: None,
                })
                .collect(),
            origin: origin(),
            end_reason: None,
            label: None,
        });
        (self.program.params.len() - 1) as u32
    }

    pub fn constant(&mut self, name: &str, ty: Type, value: Value) -> ParamId {
        self.param(name, ty, vec![(NaiveDate::MIN, None, value)])
    }

    pub fn function(
        &mut self,
        name: &str,
        params: Vec<(&str, Type)>,
        ret: Type,
        body: Node,
        locals: u32,
    ) -> FnId {
        let body_has_loop = body.has_loop();
        self.program.functions.push(FunctionDef {
            name: name.into(),
            params: params
                .into_iter()
                .map(|(n, t)| (n.to_string(), t))
                .collect(),
            ret,
            body,
            origin: origin(),
            locals,
            memoized: body_has_loop,
            label: None,
            param_labels: Vec::new(),
        });
        (self.program.functions.len() - 1) as u32
    }

    pub fn table(
        &mut self,
        name: &str,
        inputs: Vec<(&str, Type)>,
        outputs: Vec<(&str, Type)>,
        hit_policy: HitPolicy,
        rows: Vec<RowDef>,
    ) -> TableId {
        let result_type = match (hit_policy, outputs.as_slice()) {
            (HitPolicy::All, [(_, t)]) => Type::List(Box::new(t.clone())),
            (_, [(_, t)]) => t.clone(),
            _ => Type::Never,
        };
        self.program.tables.push(TableDef {
            name: name.into(),
            inputs: inputs
                .into_iter()
                .map(|(n, t)| (n.to_string(), t))
                .collect(),
            outputs: outputs
                .into_iter()
                .map(|(n, t)| (n.to_string(), t))
                .collect(),
            column_labels: Vec::new(),
            hit_policy,
            index: RowIndex::build(&rows),
            rows,
            result_record: None,
            result_type,
            origin: origin(),
        });
        (self.program.tables.len() - 1) as u32
    }

    pub fn build(mut self) -> Program {
        self.program.types = Arc::new(self.types);
        self.program
    }
}

/// Inputs for `program`: the peildatum plus the given slots; the rest unknown.
pub fn case(
    program: &Program,
    peildatum: NaiveDate,
    values: &[(InputId, Value)],
) -> Vec<Option<Value>> {
    let mut inputs = vec![None; program.inputs.len()];
    inputs[program.peildatum as usize] = Some(Value::Date(peildatum));
    for (slot, v) in values {
        inputs[*slot as usize] = Some(v.clone());
    }
    inputs
}

pub fn run(program: &Program, inputs: &[Option<Value>]) -> Result<Evaluation, EvalError> {
    eval::evaluate(program, inputs, &EvalOptions::default())
}

pub fn run_traced(
    program: &Program,
    inputs: &[Option<Value>],
) -> Result<(Evaluation, Trace), EvalError> {
    trace::evaluate(program, inputs, &EvalOptions::default())
}

/// Evaluates a one-rule program whose only output is `body` (of type `ty`).
pub fn value_of(ty: Type, body: Node) -> Result<Value, EvalError> {
    value_with_locals(ty, body, 4)
}

pub fn value_with_locals(ty: Type, body: Node, locals: u32) -> Result<Value, EvalError> {
    let mut bld = Builder::new();
    let r = bld.rule_with_locals("r", ty, body, locals);
    bld.output(r);
    let p = bld.build();
    let inputs = case(&p, date(2025, 6, 1), &[]);
    // Trace on and off must agree.
    let traced = run_traced(&p, &inputs).map(|(e, _)| e.output_value(0).cloned());
    let plain = run(&p, &inputs).map(|e| e.output_value(0).cloned());
    assert_eq!(traced, plain, "trace on and off disagree");
    plain.map(|v| v.unwrap_or(Value::Empty))
}
