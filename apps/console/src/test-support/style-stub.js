// Stylesheets mean nothing to jsdom; component tests import modules that import CSS.
module.exports = {};
