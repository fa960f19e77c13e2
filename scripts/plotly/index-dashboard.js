'use strict';

var Plotly = require('./core');

Plotly.register([
    require('./scattergeo'),
    require('./choropleth'),
    require('./bar'),
    require('./heatmap'),
    require('./sankey'),
]);

module.exports = Plotly;
