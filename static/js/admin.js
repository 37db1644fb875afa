// Riktning's admin: names for the controls Django's admin renders without one (WCAG 2.1 1.3.1
// and 4.1.2), for every model's admin, Django's and other apps' included; tested by
// tests/browser/test_admin_reflow.py.
// - A tabular inline's fields have only their column's heading: each gets the heading's text.
// - A date-and-time field's two boxes have only the text "Date:" and "Time:" before them: each
//   gets the field's label and that word.
// - An autocomplete field's box is drawn by select2 after the page loads (and for each inline row
//   added), named by its chosen value only: it gets the field's name.
// - The two-list chooser's filter boxes carry their hint as aria-label on a plain span, which
//   only a role may carry: the span becomes an image with that text.
// Rows and boxes added later are named as they appear.
'use strict';
{
    function nameOf(select) {
        if (select.getAttribute('aria-label')) {
            return select.getAttribute('aria-label');
        }
        const label = select.id && document.querySelector(`label[for="${select.id}"]`);
        return label ? label.textContent.replace(/:\s*$/, '').trim() : '';
    }

    function nameSelect2(container) {
        const select = container.previousElementSibling;
        if (!select || select.tagName !== 'SELECT') {
            return;
        }
        const name = nameOf(select);
        if (!name) {
            return;
        }
        const box = container.querySelector('.select2-selection');
        if (box && box.getAttribute('aria-label') !== name) {
            // The chosen value stays readable: it is the combobox's text.
            box.removeAttribute('aria-labelledby');
            box.setAttribute('aria-label', name);
        }
        // The chosen value's text inside the box is marked as a nameless, read-only text box.
        const shown = container.querySelector('.select2-selection__rendered[role=textbox]');
        if (shown) {
            shown.removeAttribute('role');
            shown.removeAttribute('aria-readonly');
        }
        const search = container.querySelector('.select2-search__field');
        if (search && search.getAttribute('aria-label') !== name) {
            search.setAttribute('aria-label', name);
        }
        // A multiple choice's "clear all" sits among the chosen values' list items.
        container.querySelectorAll('ul > .select2-selection__clear').forEach((clear) => {
            clear.setAttribute('role', 'listitem');
        });
    }

    const CONTROLS = 'input:not([type=hidden]), select, textarea';

    function nameTabularFields(root) {
        root.querySelectorAll('.tabular td[class*="field-"]').forEach((cell) => {
            const column = [...cell.classList].find((c) => c.startsWith('field-')).slice(6);
            const heading = cell.closest('table').querySelector(`thead th.column-${column}`);
            if (!heading) {
                return;
            }
            const name = heading.textContent.trim();
            cell.querySelectorAll(CONTROLS).forEach((control) => {
                if (!control.getAttribute('aria-label') && !control.labels?.length) {
                    control.setAttribute('aria-label', name);
                }
            });
        });
        // The delete box's column is headed "Delete?".
        root.querySelectorAll('.tabular td.delete input[type=checkbox]').forEach((box) => {
            const heading = box.closest('table').querySelector('thead th:last-child');
            if (heading && !box.getAttribute('aria-label') && !box.labels?.length) {
                box.setAttribute('aria-label', heading.textContent.trim());
            }
        });
    }

    function nameDateTimeBoxes(root) {
        root.querySelectorAll('p.datetime').forEach((line) => {
            const row = line.closest('.form-row, .fieldBox, td');
            const label = row && row.querySelector('label');
            const field = label ? label.textContent.replace(/:\s*$/, '').trim() : '';
            line.querySelectorAll('input').forEach((input) => {
                if (input.getAttribute('aria-label') || input.labels?.length) {
                    return;
                }
                // The text just before the box: "Datum:" or "Tid:".
                let word = '';
                for (let node = input.previousSibling; node && !word; node = node.previousSibling) {
                    if (node.nodeType === Node.TEXT_NODE) {
                        word = node.textContent.replace(/:\s*$/, '').trim();
                    }
                }
                input.setAttribute('aria-label', [field, word.toLowerCase()].filter(Boolean).join(', '));
            });
        });
    }

    function nameAll(root) {
        nameTabularFields(root);
        nameDateTimeBoxes(root);
        root.querySelectorAll('.select2-container').forEach(nameSelect2);
        root.querySelectorAll('.search-label-icon[aria-label]:not([role])').forEach((icon) => {
            icon.setAttribute('role', 'img');
        });
    }

    new MutationObserver((changes) => {
        for (const change of changes) {
            const container = change.target.closest && change.target.closest('.select2-container');
            if (container) {
                nameSelect2(container);
            }
            change.addedNodes.forEach((node) => {
                if (node.nodeType === Node.ELEMENT_NODE) {
                    if (node.matches('.select2-container')) {
                        nameSelect2(node);
                    }
                    // A new inline row: named from its table, which it is now part of.
                    nameAll(node.closest('.tabular') || node);
                }
            });
        }
        // An open select2 box names its list with aria-owns; a combobox needs aria-controls.
        for (const change of changes) {
            if (change.type === 'attributes') {
                const list = change.target.getAttribute('aria-owns');
                if (list) {
                    change.target.setAttribute('aria-controls', list);
                    // A single choice's search field is in the list's box, drawn at the end of
                    // the page, away from the field it searches.
                    const search = document.querySelector(
                        '.select2-container--open .select2-dropdown .select2-search__field'
                    );
                    const name = change.target.getAttribute('aria-label');
                    if (search && name) {
                        search.setAttribute('aria-label', name);
                    }
                } else {
                    change.target.removeAttribute('aria-controls');
                }
            }
        }
    }).observe(document.documentElement, {
        childList: true, subtree: true, attributes: true, attributeFilter: ['aria-owns'],
    });

    // A tabular inline scrolls sideways in its own box (static/css/admin.css); one without a
    // control to focus (no rows, and no "Add another") is made a named, focusable region, so that
    // a keyboard can scroll it too. After jQuery's ready, which draws "Add another".
    function focusableScrollBoxes() {
        document.querySelectorAll('.inline-group').forEach((group) => {
            const focusable = [...group.querySelectorAll(`a[href], ${CONTROLS}, button`)].some(
                (element) => !element.closest('.empty-form') && element.offsetParent !== null
            );
            const heading = group.querySelector('h2');
            if (focusable || !heading) {
                return;
            }
            heading.id ||= `${group.id}-heading`;
            group.setAttribute('role', 'region');
            group.setAttribute('aria-labelledby', heading.id);
            group.tabIndex = 0;
        });
    }

    document.addEventListener('DOMContentLoaded', () => nameAll(document));
    window.addEventListener('load', focusableScrollBoxes);
}
