//! `x over n maanden` and `x verdeeld over n maanden`: an amount per
//! period over a span of time and back. Only exact relations are accepted
//! (months, quarters and years among each other, weeks and four weeks
//! among each other); across them the amount must be converted first with
//! `omgerekend naar per`, and the hint says how.

use super::expr::Lowered;
use super::scope::Env;
use super::Compiler;
use crate::diag::{Code, Diagnostic};
use crate::ir::{Node, Over};
use crate::types::Type;
use grammar::ast::{DurationUnit, Expr, Period, Span};
use grammar::format::format_expr;

/// The period of an amount spread over `unit`s (`verdeeld over n maanden`
/// gives an amount per maand); there is no amount per dag.
pub fn unit_period(unit: DurationUnit) -> Option<Period> {
    match unit {
        DurationUnit::Years => Some(Period::Year),
        DurationUnit::Months => Some(Period::Month),
        DurationUnit::Weeks => Some(Period::Week),
        DurationUnit::Days => None,
    }
}

/// How many periods `period` one `unit` holds, as (numerator,
/// denominator), when the calendar fixes it: months, quarters and years
/// among each other, weeks and four weeks among each other. A year is not
/// 52 weeks and a month not 4 (that takes `omgerekend naar`, which says
/// its convention).
pub fn periods_per_unit(period: Period, unit: DurationUnit) -> Option<(u32, u32)> {
    let months = |p: Period| match p {
        Period::Month => Some(1),
        Period::Quarter => Some(3),
        Period::Year => Some(12),
        _ => None,
    };
    let weeks = |p: Period| match p {
        Period::Week => Some(1),
        Period::FourWeeks => Some(4),
        _ => None,
    };
    let ratio = |unit: u32, period: u32| {
        let g = gcd(unit, period);
        (unit / g, period / g)
    };
    match unit {
        DurationUnit::Months => months(period).map(|m| ratio(1, m)),
        DurationUnit::Years => months(period).map(|m| ratio(12, m)),
        DurationUnit::Weeks => weeks(period).map(|w| ratio(1, w)),
        DurationUnit::Days => None,
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// An example of the `over` form for an amount per `period`, for hints.
pub fn over_example(period: Period) -> Option<&'static str> {
    match period {
        Period::Month => Some("12 maanden"),
        Period::Year | Period::Quarter => Some("1 jaar"),
        Period::Week => Some("52 weken"),
        Period::FourWeeks | Period::Hour | Period::Day | Period::Ride => None,
    }
}

impl Compiler<'_> {
    pub fn over(
        &mut self,
        (amount, count): (&Expr, &Expr),
        unit: DurationUnit,
        spread: bool,
        span: Span,
        env: &mut Env,
    ) -> Lowered {
        let expected = spread.then_some(Type::Money(None));
        let a = self.expr(amount, expected.as_ref(), env);
        let n = self.expr(count, Some(&Type::Integer), env);
        let count_text = format_expr(count);
        let written = format!("{count_text} {}", unit.dutch(count_text == "1"));
        for (l, s) in [(&a, amount.span), (&n, count.span)] {
            if l.ty.is_optional() {
                self.optional_error(s, &l.ty);
            }
        }
        match n.ty.strip_optional() {
            Type::Integer | Type::Never => {}
            t => self.type_error(
                count.span,
                "een geheel getal (een aantal jaren, maanden, weken of dagen)",
                t,
            ),
        }
        let how = match (a.ty.strip_optional(), spread) {
            (Type::Never, _) => return Lowered::error(),
            (Type::Money(Some(period)), false) => {
                match self.total_over(*period, unit, &written, span) {
                    Some((numerator, denominator)) => Over {
                        period: *period,
                        unit,
                        numerator,
                        denominator,
                        spread,
                    },
                    None => return Lowered::error(),
                }
            }
            (Type::Money(None), true) => match unit_period(unit) {
                Some(period) => Over {
                    period,
                    unit,
                    numerator: 1,
                    denominator: 1,
                    spread,
                },
                None => {
                    self.push(
                        Diagnostic::new(
                            Code::PeriodMismatch,
                            self.file,
                            count.span,
                            "een bedrag kan niet over dagen worden verdeeld: een bedrag per dag is een tarief, geen periode",
                        )
                        .label("dagen")
                        .help("verdeel over weken, maanden of jaren, bijvoorbeeld `verdeeld over 12 maanden`"),
                    );
                    return Lowered::error();
                }
            },
            (Type::Money(None), false) => {
                let mut d = Diagnostic::new(
                    Code::PeriodMismatch,
                    self.file,
                    amount.span,
                    "`over` neemt een bedrag per periode over een tijd; dit bedrag heeft geen periode",
                )
                .label("geen periode");
                d = d.help(match unit_period(unit) {
                    Some(p) => format!(
                        "een totaal verdelen: `… verdeeld over {written}` geeft een bedrag per {}; een bedrag per maand over een tijd: `… per maand over {written}`",
                        p.dutch()
                    ),
                    None => "geef het bedrag een periode: `… per maand over 12 maanden`".into(),
                });
                self.push(d);
                return Lowered::error();
            }
            (Type::Money(Some(p)), true) => {
                self.push(
                    Diagnostic::new(
                        Code::PeriodMismatch,
                        self.file,
                        amount.span,
                        format!("`verdeeld over` verdeelt een bedrag zonder periode; dit is een bedrag per {}", p.dutch()),
                    )
                    .label("heeft al een periode")
                    .help(format!("het totaal over die tijd: `… over {written}`")),
                );
                return Lowered::error();
            }
            (t, _) => {
                let what = if spread {
                    "een bedrag (zonder periode)"
                } else {
                    "een bedrag per periode"
                };
                self.type_error(amount.span, what, t);
                return Lowered::error();
            }
        };
        Lowered {
            // Multiplying cents by whole numbers keeps cents; dividing does not.
            precise: !spread && how.denominator == 1 && a.precise && n.precise,
            free_period: false,
            ty: if spread {
                Type::Money(Some(how.period))
            } else {
                Type::Money(None)
            },
            node: Node::Over {
                amount: Box::new(a.node),
                count: Box::new(n.node),
                how,
            },
        }
    }

    /// The periods per unit of `amount per period over n unit`, or an R0202
    /// with the form that does work.
    fn total_over(
        &mut self,
        period: Period,
        unit: DurationUnit,
        written: &str,
        span: Span,
    ) -> Option<(u32, u32)> {
        if let Some(k) = periods_per_unit(period, unit) {
            return Some(k);
        }
        let per = period.dutch();
        let mut d = Diagnostic::new(
            Code::PeriodMismatch,
            self.file,
            span,
            format!("een bedrag per {per} kan niet precies over {written} worden genomen"),
        )
        .label(format!("per {per} en {}", unit.dutch(false)));
        d = match (period, unit_period(unit)) {
            (Period::Hour | Period::Day | Period::Ride, _) => {
                d.help(format!("een bedrag per {per} is een tarief, geen bedrag per periode"))
            }
            (_, None) => d.help(format!(
                "dagen zijn geen periode om over te rekenen; geef de duur in weken, maanden of jaren, bijvoorbeeld `… over {}`",
                over_example(period).unwrap_or("1 jaar")
            )),
            (_, Some(target)) => d.help(format!(
                "reken eerst expliciet om: `… omgerekend naar per {} over {written}` (12 maanden, 13 vierweekse perioden, 52 weken per jaar)",
                target.dutch()
            )),
        };
        self.push(d);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendar_fixes_months_to_years_and_weeks_to_four_weeks_only() {
        use DurationUnit::*;
        assert_eq!(periods_per_unit(Period::Month, Months), Some((1, 1)));
        assert_eq!(periods_per_unit(Period::Month, Years), Some((12, 1)));
        assert_eq!(periods_per_unit(Period::Quarter, Years), Some((4, 1)));
        assert_eq!(periods_per_unit(Period::Year, Months), Some((1, 12)));
        assert_eq!(periods_per_unit(Period::Quarter, Months), Some((1, 3)));
        assert_eq!(periods_per_unit(Period::FourWeeks, Weeks), Some((1, 4)));
        assert_eq!(periods_per_unit(Period::Week, Weeks), Some((1, 1)));
        // A year is not 52 weeks, a month not 4; hours and days are no periods here.
        assert_eq!(periods_per_unit(Period::Week, Years), None);
        assert_eq!(periods_per_unit(Period::Month, Weeks), None);
        assert_eq!(periods_per_unit(Period::Month, Days), None);
        assert_eq!(periods_per_unit(Period::Hour, Months), None);
    }
}
