import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ClockProvider } from './hooks/useNow';
import { StatusProvider } from './status/StatusProvider';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/screens.css';
import './styles/charts.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ClockProvider>
      <StatusProvider>
        <App />
      </StatusProvider>
    </ClockProvider>
  </StrictMode>,
);
