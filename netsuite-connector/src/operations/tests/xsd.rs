//! XSD validation of request bodies.
