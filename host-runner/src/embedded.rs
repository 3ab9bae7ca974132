//! The embedded demo (cargo feature `embedded-demo`, on by default): a connection that
//! configures no account runs against a simulator built into the host, so a new user sees the
//! whole system work without an account.
//!
//! The host knows nothing of any connector's settings here. It hands the connector's name and
//! the connection settings, as opaque JSON, to `netsuite_sim::demo`, which decides whether the
//! demo is wanted, starts the simulator and completes the settings (secrets as file references
//! in a private folder it removes when the demo ends). The log and the summary say so.
//!
//! The demo is typed: the simulator serves a WSDL/XSD set of its own for the record types it
//! supports, so documents are checked against a schema as on an account (an unknown field or a
//! value of the wrong type is an application error naming the field).
//!
//! Without the feature, [`start_if_wanted`] never starts anything and [`EmbeddedSim`] has no
//! values.

use serde_json::Value;

use crate::error::RunError;
use crate::process_file::SimulatorSettings;

#[cfg(feature = "embedded-demo")]
pub use with_demo::EmbeddedSim;
#[cfg(not(feature = "embedded-demo"))]
pub use without_demo::EmbeddedSim;

/// Starts the embedded simulator when the connector's demo wants these settings, and returns
/// it with the settings to configure; `None` when the settings are used as they are.
///
/// # Errors
///
/// [`RunError::Setup`] when the simulator or its secrets folder cannot be created.
///
/// `offline`: the settings are for a check that sends nothing (`validate`): they name the
/// schema the simulator serves as a folder, so the connector needs no download for it.
pub(crate) fn start_if_wanted(
    connector: &str,
    simulator: &SimulatorSettings,
    settings: &Value,
    offline: bool,
) -> Result<Option<(EmbeddedSim, Value)>, RunError> {
    #[cfg(feature = "embedded-demo")]
    {
        with_demo::start_if_wanted(connector, simulator, settings, offline)
    }
    #[cfg(not(feature = "embedded-demo"))]
    {
        let _ = (connector, simulator, settings, offline);
        Ok(None)
    }
}

#[cfg(feature = "embedded-demo")]
mod with_demo {
    use netsuite_sim::demo::{self, DemoOptions, DemoSim};
    use serde_json::Value;

    use crate::error::RunError;
    use crate::process_file::SimulatorSettings;

    /// A running embedded simulator; dropping it stops the simulator and removes its secrets.
    #[derive(Debug)]
    pub struct EmbeddedSim {
        demo: DemoSim,
    }

    impl EmbeddedSim {
        /// The service URL the connection uses.
        pub fn url(&self) -> &str {
            self.demo.url()
        }

        /// The demo account.
        pub fn account(&self) -> &str {
            self.demo.account()
        }

        /// What is simulated, for messages (`NetSuite simulator`).
        pub fn name(&self) -> &str {
            self.demo.name()
        }

        /// The running simulator (counters, URLs).
        pub fn handle(&self) -> &netsuite_sim::BlockingSimHandle {
            self.demo.handle()
        }
    }

    pub(super) fn start_if_wanted(
        connector: &str,
        simulator: &SimulatorSettings,
        settings: &Value,
        offline: bool,
    ) -> Result<Option<(EmbeddedSim, Value)>, RunError> {
        if !demo::wants_demo(connector, settings) {
            return Ok(None);
        }
        let options = DemoOptions {
            customers: simulator.customers,
            latency_ms: simulator.latency_ms,
            concurrency_limit: simulator.concurrency_limit,
            schema_folder: simulator.schema_folder.clone(),
        };
        let sim = demo::start(&options, settings)
            .map_err(|e| RunError::Setup(format!("cannot start the embedded simulator: {e}")))?;
        let settings = if offline {
            demo::offline_connection_settings(&sim, settings).map_err(|e| {
                RunError::Setup(format!("cannot write the embedded simulator's schema: {e}"))
            })?
        } else {
            demo::connection_settings(&sim, settings)
        };
        // Under the module's target, as before the demo moved into a submodule.
        tracing::info!(
            target: "host_runner::embedded",
            url = %sim.url(),
            account = sim.account(),
            "{}",
            sim.notice()
        );
        Ok(Some((EmbeddedSim { demo: sim }, settings)))
    }
}

#[cfg(not(feature = "embedded-demo"))]
mod without_demo {
    /// No embedded simulator in this build (feature `embedded-demo` off): never has a value.
    #[derive(Debug)]
    pub enum EmbeddedSim {}

    impl EmbeddedSim {
        /// The service URL the connection uses.
        pub fn url(&self) -> &str {
            match *self {}
        }

        /// The demo account.
        pub fn account(&self) -> &str {
            match *self {}
        }

        /// What is simulated, for messages.
        pub fn name(&self) -> &str {
            match *self {}
        }
    }
}
