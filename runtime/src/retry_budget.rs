//! The retry budget: a token bucket shared by every call of one client (and its clones), so
//! that when a whole service fails, retries stop instead of multiplying the load on it.
//!
//! The numbers are those of the AWS SDKs' "standard" retry mode (smithy-rs's
//! `StandardRetryStrategy`): a bucket of 500 tokens; a retry takes 5 (10 after a timeout, which
//! held a connection for the whole timeout); a call that succeeds on its first attempt puts 1
//! back, and one that succeeds after retries puts back what its retries took. With these, a
//! healthy client never runs dry, and a client whose every call fails stops retrying after 100
//! retries (50 after timeouts) until successes refill the bucket.

use std::sync::Mutex;

use crate::retry::Failure;

/// Tokens in a full bucket.
pub const RETRY_BUDGET_CAPACITY: u32 = 500;
/// What a retry costs.
pub const RETRY_COST: u32 = 5;
/// What a retry after a timeout costs.
pub const TIMEOUT_RETRY_COST: u32 = 10;
/// What a call that needed no retry gives back.
pub const SUCCESS_REFUND: u32 = 1;

/// One client's budget.
#[derive(Debug)]
pub(crate) struct RetryBudget {
    tokens: Mutex<u32>,
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget { tokens: Mutex::new(RETRY_BUDGET_CAPACITY) }
    }
}

impl RetryBudget {
    /// The cost of retrying after `failure`; `timed_out` when the attempt hit its timeout.
    pub(crate) fn cost(failure: Failure, timed_out: bool) -> u32 {
        match failure {
            Failure::MaybeApplied if timed_out => TIMEOUT_RETRY_COST,
            _ => RETRY_COST,
        }
    }

    /// Takes `cost` tokens for a retry; `false` (and nothing taken) when too few are left.
    pub(crate) fn withdraw(&self, cost: u32) -> bool {
        let mut tokens = self.tokens.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if *tokens < cost {
            return false;
        }
        *tokens -= cost;
        true
    }

    /// A call succeeded after retries that took `withdrawn` tokens (0 when it needed none).
    pub(crate) fn refund_success(&self, withdrawn: u32) {
        let refund = if withdrawn == 0 { SUCCESS_REFUND } else { withdrawn };
        let mut tokens = self.tokens.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *tokens = (*tokens + refund).min(RETRY_BUDGET_CAPACITY);
    }

    #[cfg(test)]
    fn available(&self) -> u32 {
        *self.tokens.lock().unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_retry_budget_runs_dry_and_successes_refill_it() {
        let budget = RetryBudget::default();
        let mut retries = 0;
        while budget.withdraw(RetryBudget::cost(Failure::Throttled, false)) {
            retries += 1;
        }
        assert_eq!(retries, RETRY_BUDGET_CAPACITY / RETRY_COST);
        assert_eq!(budget.available(), 0);
        budget.refund_success(0);
        assert_eq!(budget.available(), SUCCESS_REFUND);
        budget.refund_success(RETRY_COST * 2);
        assert_eq!(budget.available(), SUCCESS_REFUND + RETRY_COST * 2);
        for _ in 0..1000 {
            budget.refund_success(RETRY_COST);
        }
        assert_eq!(budget.available(), RETRY_BUDGET_CAPACITY, "never above capacity");
    }

    #[test]
    fn sdk_retry_budget_timeouts_cost_double() {
        assert_eq!(RetryBudget::cost(Failure::MaybeApplied, true), TIMEOUT_RETRY_COST);
        assert_eq!(RetryBudget::cost(Failure::MaybeApplied, false), RETRY_COST);
        assert_eq!(RetryBudget::cost(Failure::NotSent, false), RETRY_COST);
        let budget = RetryBudget::default();
        assert!(budget.withdraw(RETRY_BUDGET_CAPACITY - 5));
        assert!(!budget.withdraw(TIMEOUT_RETRY_COST), "too few left: nothing taken");
        assert!(budget.withdraw(RETRY_COST));
    }
}
